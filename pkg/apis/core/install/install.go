// Package install registers the core API group (k8s.io/api/core/v1) into kapi's scheme.
package install

import (
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/runtime"
	utilruntime "k8s.io/apimachinery/pkg/util/runtime"

	corev1defaults "github.com/kapi-dev/kapi/pkg/apis/core/v1"
	"github.com/kapi-dev/kapi/pkg/apis/scheme"
)

func init() {
	Install(scheme.Scheme)
}

// Install registers core/v1 as both the served and the internal version, with its defaulters and the
// field labels that field selectors accept, and the query parameters of the connect subresources.
func Install(s *runtime.Scheme) {
	utilruntime.Must(scheme.AddVersionAsHub(s, corev1.SchemeGroupVersion, corev1.AddToScheme))
	utilruntime.Must(corev1defaults.RegisterDefaults(s))
	utilruntime.Must(addFieldLabelConversions(s))
	utilruntime.Must(scheme.AddQueryParameterConversions(s,
		&corev1.PodLogOptions{}, &corev1.PodExecOptions{}, &corev1.PodAttachOptions{}, &corev1.PodPortForwardOptions{},
		&corev1.PodProxyOptions{}, &corev1.NodeProxyOptions{}, &corev1.ServiceProxyOptions{}))
}
