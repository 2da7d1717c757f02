// Package storage wires events to etcd, where each expires a fixed time after its last write.
package storage

import (
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/registry/generic"
	genericregistry "k8s.io/apiserver/pkg/registry/generic/registry"
	"k8s.io/apiserver/pkg/registry/rest"

	"github.com/kapi-dev/kapi/pkg/registry/core/event"
)

// REST serves events.
type REST struct {
	*genericregistry.Store
}

var _ rest.ShortNamesProvider = &REST{}

// NewREST returns the storage of events. Every write gives the event an etcd lease of ttl, so etcd
// deletes events nobody has touched for that long. core/v1 and events.k8s.io/v1 each get one over
// the same keys, /registry/events/<namespace>/<name>, holding core/v1 events.
func NewREST(optsGetter generic.RESTOptionsGetter, ttl time.Duration) (*REST, error) {
	seconds := uint64(ttl.Seconds())
	store := &genericregistry.Store{
		NewFunc:                   func() runtime.Object { return &corev1.Event{} },
		NewListFunc:               func() runtime.Object { return &corev1.EventList{} },
		DefaultQualifiedResource:  corev1.Resource("events"),
		SingularQualifiedResource: corev1.Resource("event"),
		TTLFunc: func(runtime.Object, uint64, bool) (uint64, error) {
			return seconds, nil
		},

		CreateStrategy: event.Strategy,
		UpdateStrategy: event.Strategy,
		DeleteStrategy: event.Strategy,

		TableConvertor: event.NewTableConvertor(),
	}
	if err := store.CompleteWithOptions(&generic.StoreOptions{RESTOptions: optsGetter, AttrFunc: event.GetAttrs}); err != nil {
		return nil, err
	}
	return &REST{store}, nil
}

// ShortNames returns the short names kubectl accepts for events.
func (r *REST) ShortNames() []string { return []string{"ev"} }
