package serviceaccount

import (
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"

	genericapiserver "k8s.io/apiserver/pkg/server"
)

// PostStartHook starts the controller once the server serves, on the informers of factory, acting
// through client, the server's loopback client.
func PostStartHook(client kubernetes.Interface, factory informers.SharedInformerFactory) genericapiserver.PostStartHookFunc {
	return func(ctx genericapiserver.PostStartHookContext) error {
		c, err := New(client, factory.Core().V1().Namespaces(), factory.Core().V1().ServiceAccounts())
		if err != nil {
			return err
		}
		// The factory may already have started its other informers; Start only starts the new ones.
		factory.Start(ctx.Done())
		go c.Run(ctx)
		return nil
	}
}
