// Package rest assembles the events.k8s.io API group kapi serves: v1 events, kept in the same etcd
// keys and store as core/v1 events.
package rest

import (
	"time"

	eventsv1 "k8s.io/api/events/v1"
	"k8s.io/apiserver/pkg/registry/generic"
	"k8s.io/apiserver/pkg/registry/rest"
	genericapiserver "k8s.io/apiserver/pkg/server"

	_ "github.com/kapi-dev/kapi/pkg/apis/events/install"
	"github.com/kapi-dev/kapi/pkg/apis/scheme"
	eventstore "github.com/kapi-dev/kapi/pkg/registry/core/event/storage"
)

// NewAPIGroupInfo returns the events.k8s.io group. Its events are core events in storage, so they
// expire after ttl like those written through /api/v1.
func NewAPIGroupInfo(optsGetter generic.RESTOptionsGetter, ttl time.Duration) (genericapiserver.APIGroupInfo, error) {
	info := genericapiserver.NewDefaultAPIGroupInfo(eventsv1.GroupName, scheme.Scheme, scheme.ParameterCodec, scheme.Codecs)
	events, err := eventstore.NewREST(optsGetter, ttl)
	if err != nil {
		return info, err
	}
	info.VersionedResourcesStorageMap[eventsv1.SchemeGroupVersion.Version] = map[string]rest.Storage{"events": events}
	return info, nil
}
