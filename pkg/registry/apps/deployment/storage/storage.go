// Package storage wires the apps/v1 deployments resource and its status and scale subresources to
// etcd.
package storage

import (
	appsv1 "k8s.io/api/apps/v1"
	autoscalingv1 "k8s.io/api/autoscaling/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/registry/generic"
	genericregistry "k8s.io/apiserver/pkg/registry/generic/registry"
	"k8s.io/apiserver/pkg/registry/rest"

	"github.com/kapi-dev/kapi/pkg/registry/apps/deployment"
	"github.com/kapi-dev/kapi/pkg/registry/scalerest"
	"github.com/kapi-dev/kapi/pkg/registry/statusrest"
	"github.com/kapi-dev/kapi/pkg/registry/workload"
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
	s, err := workload.NewStorage(optsGetter, workload.Resource[*appsv1.Deployment]{
		Resource:       appsv1.Resource("deployments"),
		Singular:       appsv1.Resource("deployment"),
		NewFunc:        func() runtime.Object { return &appsv1.Deployment{} },
		NewListFunc:    func() runtime.Object { return &appsv1.DeploymentList{} },
		Strategy:       deployment.Strategy,
		StatusStrategy: deployment.StatusStrategy,
		TableConvertor: deployment.NewTableConvertor(),
		Scalable: scalerest.Scalable[*appsv1.Deployment]{
			Resource:     appsv1.Resource("deployments/scale"),
			GroupVersion: appsv1.SchemeGroupVersion,
			ToScale: func(d *appsv1.Deployment) (*autoscalingv1.Scale, error) {
				return scalerest.SelectorScale(d, d.Spec.Replicas, d.Status.Replicas, d.Spec.Selector)
			},
			SetReplicas: func(d *appsv1.Deployment, replicas int32) { d.Spec.Replicas = &replicas },
		},
	})
	if err != nil {
		return DeploymentStorage{}, err
	}
	return DeploymentStorage{Deployment: &REST{s.Store}, Status: s.Status, Scale: s.Scale}, nil
}

// ShortNames returns the short names kubectl accepts for deployments.
func (r *REST) ShortNames() []string { return []string{"deploy"} }

// Categories puts deployments in `kubectl get all`.
func (r *REST) Categories() []string { return []string{"all"} }
