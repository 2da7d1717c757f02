package rolebinding

import (
	rbacv1 "k8s.io/api/rbac/v1"
	rbacv1beta1 "k8s.io/api/rbac/v1beta1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apiserver/pkg/registry/rest"

	"github.com/kapi-dev/kapi/pkg/registry/rbac"
	"github.com/kapi-dev/kapi/pkg/registry/tables"
)

// NewTableConvertor returns the `kubectl get rolebindings` table. Upstream describes ROLE with
// the v1beta1 field documentation.
func NewTableConvertor() rest.TableConvertor {
	return tables.New(rbac.BindingColumns("roleBinding", rbacv1beta1.RoleBinding{}.SwaggerDoc()["roleRef"]), func(b *rbacv1.RoleBinding) (metav1.TableRow, error) {
		return metav1.TableRow{Cells: rbac.BindingCells(b.ObjectMeta, b.RoleRef, b.Subjects)}, nil
	})
}
