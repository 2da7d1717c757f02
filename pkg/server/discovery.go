package server

import (
	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	apiextensionsapiserver "k8s.io/apiextensions-apiserver/pkg/apiserver"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	genericapiserver "k8s.io/apiserver/pkg/server"

	"github.com/kapi-dev/kapi/pkg/controller/crddiscovery"
)

// listExtensionGroups makes the core server's legacy /apis document, which answers in front of the
// CustomResourceDefinition server, list apiextensions.k8s.io and the groups of the CRDs as well.
func listExtensionGroups(core *genericapiserver.GenericAPIServer, extensions *apiextensionsapiserver.CustomResourceDefinitions) error {
	v1 := metav1.GroupVersionForDiscovery{GroupVersion: apiextensionsv1.SchemeGroupVersion.String(), Version: apiextensionsv1.SchemeGroupVersion.Version}
	core.DiscoveryGroupManager.AddGroup(metav1.APIGroup{
		Name:             apiextensionsv1.GroupName,
		Versions:         []metav1.GroupVersionForDiscovery{v1},
		PreferredVersion: v1,
	})
	return crddiscovery.New(core.DiscoveryGroupManager, extensions.Informers.Apiextensions().V1().CustomResourceDefinitions()).Start()
}
