package legacytokentracking

import (
	genericapiserver "k8s.io/apiserver/pkg/server"
	"k8s.io/client-go/kubernetes"
)

// PostStartHook starts the controller once the server serves, acting through client, the server's
// loopback client.
func PostStartHook(client kubernetes.Interface) genericapiserver.PostStartHookFunc {
	return func(ctx genericapiserver.PostStartHookContext) error {
		c, err := New(client)
		if err != nil {
			return err
		}
		go c.Run(ctx)
		return nil
	}
}
