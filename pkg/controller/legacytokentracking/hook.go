package legacytokentracking

import (
	genericapiserver "k8s.io/apiserver/pkg/server"
	"k8s.io/client-go/kubernetes"
)

// PostStartHook starts the controller once the server serves, through its loopback client.
func PostStartHook(ctx genericapiserver.PostStartHookContext) error {
	client, err := kubernetes.NewForConfig(ctx.LoopbackClientConfig)
	if err != nil {
		return err
	}
	c, err := New(client)
	if err != nil {
		return err
	}
	go c.Run(ctx)
	return nil
}
