package certificatesigningrequest

import (
	"context"
	"reflect"
	"testing"
	"time"

	certificatesv1 "k8s.io/api/certificates/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"
)

func TestCSRTable(t *testing.T) {
	created := metav1.NewTime(time.Now().Add(-3 * time.Minute))
	cond := func(types ...certificatesv1.RequestConditionType) []certificatesv1.CertificateSigningRequestCondition {
		var out []certificatesv1.CertificateSigningRequestCondition
		for _, t := range types {
			out = append(out, certificatesv1.CertificateSigningRequestCondition{Type: t})
		}
		return out
	}
	for _, tc := range []struct {
		name       string
		expiration *int32
		status     certificatesv1.CertificateSigningRequestStatus
		want       []interface{}
	}{
		{"pending", nil, certificatesv1.CertificateSigningRequestStatus{}, []interface{}{"c", "3m", "example.com/s", "alice", "<none>", "Pending"}},
		{"issued", ptr.To[int32](86400), certificatesv1.CertificateSigningRequestStatus{Conditions: cond(certificatesv1.CertificateApproved), Certificate: []byte("x")},
			[]interface{}{"c", "3m", "example.com/s", "alice", "24h", "Approved,Issued"}},
		{"denied wins", nil, certificatesv1.CertificateSigningRequestStatus{Conditions: cond(certificatesv1.CertificateApproved, certificatesv1.CertificateDenied)},
			[]interface{}{"c", "3m", "example.com/s", "alice", "<none>", "Denied"}},
		{"failed", nil, certificatesv1.CertificateSigningRequestStatus{Conditions: cond(certificatesv1.CertificateApproved, certificatesv1.CertificateFailed)},
			[]interface{}{"c", "3m", "example.com/s", "alice", "<none>", "Approved,Failed"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			csr := &certificatesv1.CertificateSigningRequest{
				ObjectMeta: metav1.ObjectMeta{Name: "c", CreationTimestamp: created},
				Spec:       certificatesv1.CertificateSigningRequestSpec{SignerName: "example.com/s", Username: "alice", ExpirationSeconds: tc.expiration},
				Status:     tc.status,
			}
			table, err := NewTableConvertor().ConvertToTable(context.Background(), csr, nil)
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, c := range table.ColumnDefinitions {
				names = append(names, c.Name)
			}
			if want := []string{"Name", "Age", "SignerName", "Requestor", "RequestedDuration", "Condition"}; !reflect.DeepEqual(names, want) {
				t.Errorf("columns = %v, want %v", names, want)
			}
			if got := table.Rows[0].Cells; !reflect.DeepEqual(got, tc.want) {
				t.Errorf("cells = %#v, want %#v", got, tc.want)
			}
		})
	}
}
