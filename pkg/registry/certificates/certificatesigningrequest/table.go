package certificatesigningrequest

import (
	"time"

	certificatesv1 "k8s.io/api/certificates/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/duration"
	"k8s.io/apiserver/pkg/registry/rest"

	"github.com/kapi-dev/kapi/pkg/registry/tables"
)

var (
	specDocs   = certificatesv1.CertificateSigningRequestSpec{}.SwaggerDoc()
	statusDocs = certificatesv1.CertificateSigningRequestStatus{}.SwaggerDoc()
	columns    = []metav1.TableColumnDefinition{
		tables.NameColumn(),
		tables.AgeColumn(),
		{Name: "SignerName", Type: "string", Description: specDocs["signerName"]},
		// Upstream describes the requestor with the request field's documentation.
		{Name: "Requestor", Type: "string", Description: specDocs["request"]},
		{Name: "RequestedDuration", Type: "string", Description: specDocs["expirationSeconds"]},
		{Name: "Condition", Type: "string", Description: statusDocs["conditions"]},
	}
)

// NewTableConvertor returns the `kubectl get csr` table: NAME, AGE, SIGNERNAME, REQUESTOR,
// REQUESTEDDURATION, CONDITION.
func NewTableConvertor() rest.TableConvertor {
	return tables.New(columns, func(csr *certificatesv1.CertificateSigningRequest) (metav1.TableRow, error) {
		requested := tables.None
		if csr.Spec.ExpirationSeconds != nil {
			requested = duration.HumanDuration(time.Duration(*csr.Spec.ExpirationSeconds) * time.Second)
		}
		return metav1.TableRow{Cells: []interface{}{
			csr.Name,
			tables.Since(csr.CreationTimestamp),
			tables.OrNone(csr.Spec.SignerName),
			csr.Spec.Username,
			requested,
			condition(csr),
		}}, nil
	})
}

// condition sums a request up as Denied, Approved or Pending, then Failed and Issued when they apply.
func condition(csr *certificatesv1.CertificateSigningRequest) string {
	has := map[certificatesv1.RequestConditionType]bool{}
	for _, c := range csr.Status.Conditions {
		has[c.Type] = true
	}
	s := "Pending"
	switch {
	case has[certificatesv1.CertificateDenied]:
		s = "Denied"
	case has[certificatesv1.CertificateApproved]:
		s = "Approved"
	}
	if has[certificatesv1.CertificateFailed] {
		s += ",Failed"
	}
	if len(csr.Status.Certificate) > 0 {
		s += ",Issued"
	}
	return s
}
