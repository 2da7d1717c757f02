package serviceaccounttoken

import (
	genericapiserver "k8s.io/apiserver/pkg/server"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
)

// workers is kube-controller-manager's --concurrent-serviceaccount-token-syncs default.
const workers = 5

// PostStartHook starts the controller once the server serves, on the informers of factory, acting
// through client, the server's loopback client.
func PostStartHook(client kubernetes.Interface, factory informers.SharedInformerFactory, tokens TokenGenerator, rootCA []byte) genericapiserver.PostStartHookFunc {
	return func(ctx genericapiserver.PostStartHookContext) error {
		c, err := New(client, factory.Core().V1().ServiceAccounts(), factory.Core().V1().Secrets(), tokens, rootCA)
		if err != nil {
			return err
		}
		// The factory may already have started its other informers; Start only starts the new ones.
		factory.Start(ctx.Done())
		go c.Run(ctx, workers)
		return nil
	}
}
