package clustertrustbundle

import (
	certificatesv1 "k8s.io/api/certificates/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apiserver/pkg/registry/rest"

	"github.com/kapi-dev/kapi/pkg/registry/tables"
)

var columns = []metav1.TableColumnDefinition{
	tables.NameColumn(),
	{Name: "SignerName", Type: "string", Description: certificatesv1.ClusterTrustBundleSpec{}.SwaggerDoc()["signerName"]},
}

// NewTableConvertor returns the `kubectl get clustertrustbundles` table: NAME, SIGNERNAME.
func NewTableConvertor() rest.TableConvertor {
	return tables.New(columns, func(bundle *certificatesv1.ClusterTrustBundle) (metav1.TableRow, error) {
		return metav1.TableRow{Cells: []interface{}{bundle.Name, tables.OrNone(bundle.Spec.SignerName)}}, nil
	})
}
