// Package storage wires the apps/v1 deployments resource and its status and scale subresources to
// etcd.
package storage

import (
	appsv1 "k8s.io/api/apps/v1"
	autoscalingv1 "k8s.io/api/autoscaling/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/registry/generic"
	genericregistry "k8s.io/apiserver/pkg/registry/generic/registry"
	"k8s.io/apiserver/pkg/registry/rest"
	"k8s.io/utils/ptr"

	"github.com/kapi-dev/kapi/pkg/registry/apps/deployment"
	"github.com/kapi-dev/kapi/pkg/registry/scalerest"
	"github.com/kapi-dev/kapi/pkg/registry/statusrest"
)

// DeploymentStorage holds the storage of deployments and of their subresources.
type DeploymentStorage struct {
	Deployment *REST
	Status     *statusrest.REST
	Scale      *scalerest.REST[*appsv1.Deployment]
}

// REST serves deployments.
type REST struct {
	*genericregistry.Store
}

var (
	_ rest.ShortNamesProvider  = &REST{}
	_ rest.CategoriesProvider  = &REST{}
	_ rest.ResetFieldsStrategy = &REST{}
)

// NewStorage returns the storage of deployments, deployments/status and deployments/scale, under
// /registry/deployments.
func NewStorage(optsGetter generic.RESTOptionsGetter) (DeploymentStorage, error) {
	store := &genericregistry.Store{
		NewFunc:                   func() runtime.Object { return &appsv1.Deployment{} },
		NewListFunc:               func() runtime.Object { return &appsv1.DeploymentList{} },
		DefaultQualifiedResource:  appsv1.Resource("deployments"),
		SingularQualifiedResource: appsv1.Resource("deployment"),

		CreateStrategy:      deployment.Strategy,
		UpdateStrategy:      deployment.Strategy,
		DeleteStrategy:      deployment.Strategy,
		ResetFieldsStrategy: deployment.Strategy,

		TableConvertor: deployment.NewTableConvertor(),
	}
	if err := store.CompleteWithOptions(&generic.StoreOptions{RESTOptions: optsGetter}); err != nil {
		return DeploymentStorage{}, err
	}
	return DeploymentStorage{
		Deployment: &REST{store},
		Status:     statusrest.NewFor(store, deployment.StatusStrategy),
		Scale:      scalerest.New(store, scalable),
	}, nil
}

// ShortNames returns the short names kubectl accepts for deployments.
func (r *REST) ShortNames() []string { return []string{"deploy"} }

// Categories puts deployments in `kubectl get all`.
func (r *REST) Categories() []string { return []string{"all"} }

// scalable is how a deployment is seen as a Scale.
var scalable = scalerest.Scalable[*appsv1.Deployment]{
	Resource:     appsv1.Resource("deployments/scale"),
	GroupVersion: appsv1.SchemeGroupVersion,
	ToScale: func(d *appsv1.Deployment) (*autoscalingv1.Scale, error) {
		selector, err := metav1.LabelSelectorAsSelector(d.Spec.Selector)
		if err != nil {
			return nil, err
		}
		return scalerest.Scale(d, ptr.Deref(d.Spec.Replicas, 0), d.Status.Replicas, selector.String()), nil
	},
	SetReplicas: func(d *appsv1.Deployment, replicas int32) { d.Spec.Replicas = &replicas },
}
