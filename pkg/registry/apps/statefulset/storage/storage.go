// Package storage wires the apps/v1 statefulsets resource and its status and scale subresources to
// etcd.
package storage

import (
	appsv1 "k8s.io/api/apps/v1"
	autoscalingv1 "k8s.io/api/autoscaling/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/registry/generic"

	"github.com/kapi-dev/kapi/pkg/registry/apps/statefulset"
	"github.com/kapi-dev/kapi/pkg/registry/scalerest"
	"github.com/kapi-dev/kapi/pkg/registry/workload"
)

// NewStorage returns the storage of statefulsets (short name sts), statefulsets/status and
// statefulsets/scale, under /registry/statefulsets.
func NewStorage(optsGetter generic.RESTOptionsGetter) (workload.Storage[*appsv1.StatefulSet], error) {
	return workload.NewStorage(optsGetter, workload.Resource[*appsv1.StatefulSet]{
		Resource:       appsv1.Resource("statefulsets"),
		Singular:       appsv1.Resource("statefulset"),
		NewFunc:        func() runtime.Object { return &appsv1.StatefulSet{} },
		NewListFunc:    func() runtime.Object { return &appsv1.StatefulSetList{} },
		Strategy:       statefulset.Strategy,
		StatusStrategy: statefulset.StatusStrategy,
		TableConvertor: statefulset.NewTableConvertor(),
		ShortNames:     []string{"sts"},
		Scalable: scalerest.Scalable[*appsv1.StatefulSet]{
			Resource:     appsv1.Resource("statefulsets/scale"),
			GroupVersion: appsv1.SchemeGroupVersion,
			ToScale: func(sts *appsv1.StatefulSet) (*autoscalingv1.Scale, error) {
				return scalerest.SelectorScale(sts, sts.Spec.Replicas, sts.Status.Replicas, sts.Spec.Selector)
			},
			SetReplicas: func(sts *appsv1.StatefulSet, replicas int32) { sts.Spec.Replicas = &replicas },
		},
	})
}
