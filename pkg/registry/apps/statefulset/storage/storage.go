// Package storage wires the apps/v1 statefulsets resource and its status and scale subresources to
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

	"github.com/kapi-dev/kapi/pkg/registry/apps/statefulset"
	"github.com/kapi-dev/kapi/pkg/registry/scalerest"
	"github.com/kapi-dev/kapi/pkg/registry/statusrest"
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
	store := &genericregistry.Store{
		NewFunc:                   func() runtime.Object { return &appsv1.StatefulSet{} },
		NewListFunc:               func() runtime.Object { return &appsv1.StatefulSetList{} },
		DefaultQualifiedResource:  appsv1.Resource("statefulsets"),
		SingularQualifiedResource: appsv1.Resource("statefulset"),

		CreateStrategy:      statefulset.Strategy,
		UpdateStrategy:      statefulset.Strategy,
		DeleteStrategy:      statefulset.Strategy,
		ResetFieldsStrategy: statefulset.Strategy,

		TableConvertor: statefulset.NewTableConvertor(),
	}
	if err := store.CompleteWithOptions(&generic.StoreOptions{RESTOptions: optsGetter}); err != nil {
		return StatefulSetStorage{}, err
	}
	return StatefulSetStorage{
		StatefulSet: &REST{store},
		Status:      statusrest.NewFor(store, statefulset.StatusStrategy),
		Scale:       scalerest.New(store, scalable),
	}, nil
}

// ShortNames returns the short names kubectl accepts for statefulsets.
func (r *REST) ShortNames() []string { return []string{"sts"} }

// Categories puts statefulsets in `kubectl get all`.
func (r *REST) Categories() []string { return []string{"all"} }

// scalable is how a stateful set is seen as a Scale.
var scalable = scalerest.Scalable[*appsv1.StatefulSet]{
	Resource:     appsv1.Resource("statefulsets/scale"),
	GroupVersion: appsv1.SchemeGroupVersion,
	ToScale: func(sts *appsv1.StatefulSet) (*autoscalingv1.Scale, error) {
		selector, err := metav1.LabelSelectorAsSelector(sts.Spec.Selector)
		if err != nil {
			return nil, err
		}
		return scalerest.Scale(sts, ptr.Deref(sts.Spec.Replicas, 0), sts.Status.Replicas, selector.String()), nil
	},
	SetReplicas: func(sts *appsv1.StatefulSet, replicas int32) { sts.Spec.Replicas = &replicas },
}
