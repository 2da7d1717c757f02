package app

import (
	"net/netip"

	genericapiserver "k8s.io/apiserver/pkg/server"
	"k8s.io/client-go/kubernetes"

	"github.com/kapi-dev/kapi/pkg/controller/defaultservicecidr"
)

// defaultServiceCIDRHook starts the controller that keeps the `kubernetes` ServiceCIDR at the
// service cluster IP ranges. Like kube-apiserver's hook of the same name it returns only once the
// ServiceCIDR exists, so the server is not ready before it does.
func defaultServiceCIDRHook(client kubernetes.Interface, ranges ...netip.Prefix) genericapiserver.PostStartHookFunc {
	return func(ctx genericapiserver.PostStartHookContext) error {
		recorder, stop := defaultservicecidr.NewRecorder(ctx, client)
		go func() {
			<-ctx.Done()
			stop()
		}()
		defaultservicecidr.New(client, ranges, recorder).Start(ctx)
		return nil
	}
}
