package resourceclaimtemplate

import (
	resourcev1 "k8s.io/api/resource/v1"
	"k8s.io/apiserver/pkg/registry/rest"

	"github.com/kapi-dev/kapi/pkg/registry/tables"
)

// NewTableConvertor returns the `kubectl get resourceclaimtemplates` table: NAME, AGE.
func NewTableConvertor() rest.TableConvertor {
	return tables.NewNameAge[*resourcev1.ResourceClaimTemplate]()
}
