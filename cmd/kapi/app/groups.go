package app

import (
	"time"

	"k8s.io/apiserver/pkg/registry/generic"
	genericapiserver "k8s.io/apiserver/pkg/server"

	coordinationrest "github.com/kapi-dev/kapi/pkg/registry/coordination/rest"
	eventsrest "github.com/kapi-dev/kapi/pkg/registry/events/rest"
)

// installGroups installs the named API groups kapi serves besides the core group.
func installGroups(server *genericapiserver.GenericAPIServer, optsGetter generic.RESTOptionsGetter, eventTTL time.Duration) error {
	coordination, err := coordinationrest.NewAPIGroupInfo(optsGetter)
	if err != nil {
		return err
	}
	events, err := eventsrest.NewAPIGroupInfo(optsGetter, eventTTL)
	if err != nil {
		return err
	}
	return server.InstallAPIGroups(&coordination, &events)
}
