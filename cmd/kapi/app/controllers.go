package app

import (
	"k8s.io/client-go/metadata"

	genericapiserver "k8s.io/apiserver/pkg/server"

	"github.com/kapi-dev/kapi/pkg/controller/legacytokentracking"
	namespacecontroller "github.com/kapi-dev/kapi/pkg/controller/namespace"
	sacontroller "github.com/kapi-dev/kapi/pkg/controller/serviceaccount"
	tokencontroller "github.com/kapi-dev/kapi/pkg/controller/serviceaccounttoken"
)

// namespaceSyncs is how many namespaces are emptied at once, kube-controller-manager's
// --concurrent-namespace-syncs default.
const namespaceSyncs = 10

// addControllers registers the in-process controllers that stand in for kube-controller-manager's, each
// started by a post-start hook once the server serves.
func (c CompletedConfig) addControllers(s *genericapiserver.GenericAPIServer) error {
	metadataClient, err := metadata.NewForConfig(c.Generic.LoopbackClientConfig)
	if err != nil {
		return err
	}
	namespaces, err := namespacecontroller.New(c.client, metadataClient, c.Generic.SharedInformerFactory.Core().V1().Namespaces())
	if err != nil {
		return err
	}
	err = s.AddPostStartHook("start-namespace-controller", func(ctx genericapiserver.PostStartHookContext) error {
		go namespaces.Run(ctx, namespaceSyncs)
		return nil
	})
	if err != nil {
		return err
	}
	err = s.AddPostStartHook("start-service-account-controller", sacontroller.PostStartHook(c.client, c.Generic.SharedInformerFactory))
	if err != nil {
		return err
	}
	err = s.AddPostStartHook("start-service-account-token-controller",
		tokencontroller.PostStartHook(c.client, c.Generic.SharedInformerFactory, c.serviceAccounts.LegacyTokens, c.serviceAccounts.RootCA))
	if err != nil {
		return err
	}
	return s.AddPostStartHook("start-legacy-token-tracking-controller", legacytokentracking.PostStartHook(c.client))
}
