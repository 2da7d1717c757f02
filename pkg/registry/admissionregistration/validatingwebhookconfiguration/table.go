package validatingwebhookconfiguration

import (
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apiserver/pkg/registry/rest"

	"github.com/kapi-dev/kapi/pkg/registry/tables"
)

// NewTableConvertor returns the `kubectl get` table: NAME, WEBHOOKS, AGE.
func NewTableConvertor() rest.TableConvertor {
	return tables.New(tables.WebhookConfigurationColumns(), func(c *admissionregistrationv1.ValidatingWebhookConfiguration) (metav1.TableRow, error) {
		return metav1.TableRow{Cells: []interface{}{c.Name, int64(len(c.Webhooks)), tables.Since(c.CreationTimestamp)}}, nil
	})
}
