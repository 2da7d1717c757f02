// Package rest assembles the scheduling.k8s.io API group kapi serves: v1 priorityclasses, and the
// hook that creates the system classes.
package rest

import (
	"context"

	schedulingv1 "k8s.io/api/scheduling/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apiserver/pkg/registry/generic"
	"k8s.io/apiserver/pkg/registry/rest"
	genericapiserver "k8s.io/apiserver/pkg/server"
	serverstorage "k8s.io/apiserver/pkg/server/storage"
	"k8s.io/client-go/kubernetes"
	"k8s.io/klog/v2"

	_ "github.com/kapi-dev/kapi/pkg/apis/scheduling/install"
	"github.com/kapi-dev/kapi/pkg/apis/scheduling/validation"
	"github.com/kapi-dev/kapi/pkg/registry/apigroup"
	priorityclassstore "github.com/kapi-dev/kapi/pkg/registry/scheduling/priorityclass/storage"
)

// Provider builds the scheduling.k8s.io group.
type Provider struct {
	// RESTOptionsGetter gives the storage of each resource.
	RESTOptionsGetter generic.RESTOptionsGetter
	// Client is the server's loopback client, with which the hook creates the system classes.
	Client kubernetes.Interface
}

var _ apigroup.HookProvider = Provider{}

// GroupName is scheduling.k8s.io.
func (Provider) GroupName() string { return schedulingv1.GroupName }

// NewRESTStorage returns the scheduling.k8s.io/v1 resources that resources enables.
func (p Provider) NewRESTStorage(resources serverstorage.APIResourceConfigSource) (genericapiserver.APIGroupInfo, error) {
	b := apigroup.NewBuilder(schedulingv1.GroupName, resources)
	b.Add(schedulingv1.SchemeGroupVersion, "priorityclasses", func() (map[string]rest.Storage, error) {
		s, err := priorityclassstore.NewREST(p.RESTOptionsGetter)
		return apigroup.One("priorityclasses", s, err)
	})
	return b.Result()
}

// Hooks create the system priority classes at every start, under kube-apiserver's hook name; /readyz
// fails until they exist. Existing classes are left as they are.
func (p Provider) Hooks() apigroup.Hooks {
	return apigroup.Hooks{PostStart: []apigroup.PostStartHook{{
		Name: "scheduling/bootstrap-system-priority-classes",
		Hook: func(ctx genericapiserver.PostStartHookContext) error {
			return apigroup.RetryUntilServing(ctx, p.ensureSystemPriorityClasses)
		},
	}}}
}

func (p Provider) ensureSystemPriorityClasses(ctx context.Context) error {
	classes := p.Client.SchedulingV1().PriorityClasses()
	for _, pc := range validation.SystemPriorityClasses() {
		_, err := classes.Get(ctx, pc.Name, metav1.GetOptions{})
		if err == nil {
			continue
		}
		if !apierrors.IsNotFound(err) {
			return err
		}
		if _, err := classes.Create(ctx, pc, metav1.CreateOptions{}); err != nil && !apierrors.IsAlreadyExists(err) {
			return err
		}
		klog.InfoS("Created PriorityClass", "name", pc.Name, "value", pc.Value)
	}
	return nil
}
