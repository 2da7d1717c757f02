package devicetaintrule

import (
	resourcev1 "k8s.io/api/resource/v1"
	"k8s.io/apiserver/pkg/registry/rest"
)

// NewTableConvertor returns the `kubectl get devicetaintrules` table. kube-apiserver has no
// printer for DeviceTaintRules, so it is the default one: NAME and CREATED AT.
func NewTableConvertor() rest.TableConvertor {
	return rest.NewDefaultTableConvertor(resourcev1.Resource("devicetaintrules"))
}
