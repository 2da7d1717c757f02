// Package storage wires the apps/v1 deployments resource and its status and scale subresources to
// etcd.
package storage

import (
	appsv1 "k8s.io/api/apps/v1"
	autoscalingv1 "k8s.io/api/autoscaling/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/registry/generic"

	"github.com/kapi-dev/kapi/pkg/registry/apps/deployment"
	"github.com/kapi-dev/kapi/pkg/registry/scalerest"
	"github.com/kapi-dev/kapi/pkg/registry/workload"
)

// NewStorage returns the storage of deployments (short name deploy), deployments/status and
// deployments/scale, under /registry/deployments.
func NewStorage(optsGetter generic.RESTOptionsGetter) (workload.Storage[*appsv1.Deployment], error) {
	return workload.NewStorage(optsGetter, workload.Resource[*appsv1.Deployment]{
		Resource:       appsv1.Resource("deployments"),
		Singular:       appsv1.Resource("deployment"),
		NewFunc:        func() runtime.Object { return &appsv1.Deployment{} },
		NewListFunc:    func() runtime.Object { return &appsv1.DeploymentList{} },
		Strategy:       deployment.Strategy,
		StatusStrategy: deployment.StatusStrategy,
		TableConvertor: deployment.NewTableConvertor(),
		ShortNames:     []string{"deploy"},
		Scalable: scalerest.Scalable[*appsv1.Deployment]{
			Resource:     appsv1.Resource("deployments/scale"),
			GroupVersion: appsv1.SchemeGroupVersion,
			ToScale: func(d *appsv1.Deployment) (*autoscalingv1.Scale, error) {
				return scalerest.SelectorScale(d, d.Spec.Replicas, d.Status.Replicas, d.Spec.Selector)
			},
			SetReplicas: func(d *appsv1.Deployment, replicas int32) { d.Spec.Replicas = &replicas },
		},
	})
}
