// Package rest assembles the events.k8s.io API group kapi serves: v1 events, kept in the same etcd
// keys and store as core/v1 events.
package rest

import (
	"time"

	eventsv1 "k8s.io/api/events/v1"
	"k8s.io/apiserver/pkg/registry/generic"
	"k8s.io/apiserver/pkg/registry/rest"
	genericapiserver "k8s.io/apiserver/pkg/server"
	serverstorage "k8s.io/apiserver/pkg/server/storage"

	_ "github.com/kapi-dev/kapi/pkg/apis/events/install"
	"github.com/kapi-dev/kapi/pkg/registry/apigroup"
	eventstore "github.com/kapi-dev/kapi/pkg/registry/core/event/storage"
)

// Provider builds the events.k8s.io group. Its events are core events in storage, so they expire
// after TTL like those written through /api/v1.
type Provider struct {
	RESTOptionsGetter generic.RESTOptionsGetter
	TTL               time.Duration
}

// GroupName is events.k8s.io.
func (p Provider) GroupName() string { return eventsv1.GroupName }

// NewRESTStorage returns the group's resources that resources enables.
func (p Provider) NewRESTStorage(resources serverstorage.APIResourceConfigSource) (genericapiserver.APIGroupInfo, error) {
	b := apigroup.NewBuilder(eventsv1.GroupName, resources)
	b.Add(eventsv1.SchemeGroupVersion, "events", func() (map[string]rest.Storage, error) {
		s, err := eventstore.NewREST(p.RESTOptionsGetter, p.TTL)
		return apigroup.One("events", s, err)
	})
	return b.Result()
}
