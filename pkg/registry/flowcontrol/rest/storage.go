// Package rest assembles the flowcontrol.apiserver.k8s.io API group kapi serves: v1 FlowSchemas and
// PriorityLevelConfigurations with their status, and the hook that keeps the bootstrap configuration
// of API Priority and Fairness current.
package rest

import (
	"context"
	"time"

	flowcontrolv1 "k8s.io/api/flowcontrol/v1"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/apiserver/pkg/registry/generic"
	"k8s.io/apiserver/pkg/registry/rest"
	genericapiserver "k8s.io/apiserver/pkg/server"
	serverstorage "k8s.io/apiserver/pkg/server/storage"
	"k8s.io/client-go/kubernetes"
	"k8s.io/klog/v2"

	_ "github.com/kapi-dev/kapi/pkg/apis/flowcontrol/install"
	"github.com/kapi-dev/kapi/pkg/registry/apigroup"
	"github.com/kapi-dev/kapi/pkg/registry/flowcontrol/ensurer"
	flowschemastore "github.com/kapi-dev/kapi/pkg/registry/flowcontrol/flowschema/storage"
	prioritylevelstore "github.com/kapi-dev/kapi/pkg/registry/flowcontrol/prioritylevelconfiguration/storage"
)

// reconcileInterval is how often the bootstrap configuration is brought back after start, as
// kube-apiserver does, so that a deleted or edited mandatory object does not stay so.
const reconcileInterval = time.Minute

// Provider builds the flowcontrol.apiserver.k8s.io group on the storage RESTOptionsGetter gives;
// Client, the server's loopback client, writes the bootstrap configuration.
type Provider struct {
	RESTOptionsGetter generic.RESTOptionsGetter
	Client            kubernetes.Interface
}

// GroupName is flowcontrol.apiserver.k8s.io.
func (p Provider) GroupName() string { return flowcontrolv1.GroupName }

// NewRESTStorage returns the group's resources that resources enables.
func (p Provider) NewRESTStorage(resources serverstorage.APIResourceConfigSource) (genericapiserver.APIGroupInfo, error) {
	gv := flowcontrolv1.SchemeGroupVersion
	b := apigroup.NewBuilder(flowcontrolv1.GroupName, resources)
	b.Add(gv, "flowschemas", func() (map[string]rest.Storage, error) {
		s, err := flowschemastore.NewStorage(p.RESTOptionsGetter)
		if err != nil {
			return nil, err
		}
		return map[string]rest.Storage{"flowschemas": s.FlowSchema, "flowschemas/status": s.Status}, nil
	})
	b.Add(gv, "prioritylevelconfigurations", func() (map[string]rest.Storage, error) {
		s, err := prioritylevelstore.NewStorage(p.RESTOptionsGetter)
		if err != nil {
			return nil, err
		}
		return map[string]rest.Storage{"prioritylevelconfigurations": s.PriorityLevelConfiguration, "prioritylevelconfigurations/status": s.Status}, nil
	})
	return b.Result()
}

// Hooks write the bootstrap configuration once the server serves, and keep it current while it
// runs; /readyz fails until the first pass has succeeded, as with kube-apiserver's hook.
func (p Provider) Hooks() apigroup.Hooks {
	return apigroup.Hooks{PostStart: []apigroup.PostStartHook{{
		Name: "priority-and-fairness-config-producer",
		Hook: func(ctx genericapiserver.PostStartHookContext) error {
			client := p.Client.FlowcontrolV1()
			if err := apigroup.RetryUntilServing(ctx, func(ctx context.Context) error { return ensurer.Ensure(ctx, client) }); err != nil {
				return err
			}
			go func() {
				_ = wait.PollUntilContextCancel(ctx, reconcileInterval, false, func(ctx context.Context) (bool, error) {
					if err := ensurer.Ensure(ctx, client); err != nil {
						klog.ErrorS(err, "Failed to reconcile the API Priority and Fairness bootstrap configuration, will retry")
					}
					return false, nil
				})
			}()
			return nil
		},
	}}}
}
