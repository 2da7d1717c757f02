// Package storage wires the apps/v1 statefulsets resource and its status and scale subresources to
// etcd.
package storage

import (
	appsv1 "k8s.io/api/apps/v1"
	autoscalingv1 "k8s.io/api/autoscaling/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/registry/generic"
	genericregistry "k8s.io/apiserver/pkg/registry/generic/registry"
	"k8s.io/apiserver/pkg/registry/rest"

	"github.com/kapi-dev/kapi/pkg/registry/apps/statefulset"
	"github.com/kapi-dev/kapi/pkg/registry/scalerest"
	"github.com/kapi-dev/kapi/pkg/registry/statusrest"
	"github.com/kapi-dev/kapi/pkg/registry/workload"
)

// StatefulSetStorage holds the storage of statefulsets and of their subresources.
type StatefulSetStorage struct {
	StatefulSet *REST
	Status      *statusrest.REST
	Scale       *scalerest.REST[*appsv1.StatefulSet]
}

// REST serves statefulsets.
type REST struct {
	*genericregistry.Store
}

var (
	_ rest.ShortNamesProvider  = &REST{}
	_ rest.CategoriesProvider  = &REST{}
	_ rest.ResetFieldsStrategy = &REST{}
)

// NewStorage returns the storage of statefulsets, statefulsets/status and statefulsets/scale, under
// /registry/statefulsets.
func NewStorage(optsGetter generic.RESTOptionsGetter) (StatefulSetStorage, error) {
	s, err := workload.NewStorage(optsGetter, workload.Resource[*appsv1.StatefulSet]{
		Resource:       appsv1.Resource("statefulsets"),
		Singular:       appsv1.Resource("statefulset"),
		NewFunc:        func() runtime.Object { return &appsv1.StatefulSet{} },
		NewListFunc:    func() runtime.Object { return &appsv1.StatefulSetList{} },
		Strategy:       statefulset.Strategy,
		StatusStrategy: statefulset.StatusStrategy,
		TableConvertor: statefulset.NewTableConvertor(),
		Scalable: scalerest.Scalable[*appsv1.StatefulSet]{
			Resource:     appsv1.Resource("statefulsets/scale"),
			GroupVersion: appsv1.SchemeGroupVersion,
			ToScale: func(sts *appsv1.StatefulSet) (*autoscalingv1.Scale, error) {
				return scalerest.SelectorScale(sts, sts.Spec.Replicas, sts.Status.Replicas, sts.Spec.Selector)
			},
			SetReplicas: func(sts *appsv1.StatefulSet, replicas int32) { sts.Spec.Replicas = &replicas },
		},
	})
	if err != nil {
		return StatefulSetStorage{}, err
	}
	return StatefulSetStorage{StatefulSet: &REST{s.Store}, Status: s.Status, Scale: s.Scale}, nil
}

// ShortNames returns the short names kubectl accepts for statefulsets.
func (r *REST) ShortNames() []string { return []string{"sts"} }

// Categories puts statefulsets in `kubectl get all`.
func (r *REST) Categories() []string { return []string{"all"} }
