// Package rest assembles the apps API group kapi serves: v1 deployments, replica sets, stateful sets,
// daemon sets and controller revisions.
package rest

import (
	appsv1 "k8s.io/api/apps/v1"
	"k8s.io/apiserver/pkg/registry/generic"
	"k8s.io/apiserver/pkg/registry/rest"
	genericapiserver "k8s.io/apiserver/pkg/server"
	serverstorage "k8s.io/apiserver/pkg/server/storage"

	_ "github.com/kapi-dev/kapi/pkg/apis/apps/install"
	"github.com/kapi-dev/kapi/pkg/registry/apigroup"
	controllerrevisionstore "github.com/kapi-dev/kapi/pkg/registry/apps/controllerrevision/storage"
	daemonsetstore "github.com/kapi-dev/kapi/pkg/registry/apps/daemonset/storage"
	deploymentstore "github.com/kapi-dev/kapi/pkg/registry/apps/deployment/storage"
	replicasetstore "github.com/kapi-dev/kapi/pkg/registry/apps/replicaset/storage"
	statefulsetstore "github.com/kapi-dev/kapi/pkg/registry/apps/statefulset/storage"
)

// Provider builds the apps group.
type Provider struct {
	// RESTOptionsGetter gives the storage of each resource.
	RESTOptionsGetter generic.RESTOptionsGetter
}

var _ apigroup.Provider = Provider{}

// GroupName is "apps".
func (Provider) GroupName() string { return appsv1.GroupName }

// NewRESTStorage returns the apps/v1 resources that resources enables.
func (p Provider) NewRESTStorage(resources serverstorage.APIResourceConfigSource) (genericapiserver.APIGroupInfo, error) {
	gv := appsv1.SchemeGroupVersion
	b := apigroup.NewBuilder(appsv1.GroupName, resources)
	b.Add(gv, "deployments", func() (map[string]rest.Storage, error) {
		s, err := deploymentstore.NewStorage(p.RESTOptionsGetter)
		if err != nil {
			return nil, err
		}
		return map[string]rest.Storage{"deployments": s.Workload, "deployments/status": s.Status, "deployments/scale": s.Scale}, nil
	})
	b.Add(gv, "statefulsets", func() (map[string]rest.Storage, error) {
		s, err := statefulsetstore.NewStorage(p.RESTOptionsGetter)
		if err != nil {
			return nil, err
		}
		return map[string]rest.Storage{"statefulsets": s.Workload, "statefulsets/status": s.Status, "statefulsets/scale": s.Scale}, nil
	})
	b.Add(gv, "daemonsets", func() (map[string]rest.Storage, error) {
		s, err := daemonsetstore.NewStorage(p.RESTOptionsGetter)
		if err != nil {
			return nil, err
		}
		return map[string]rest.Storage{"daemonsets": s.Workload, "daemonsets/status": s.Status}, nil
	})
	b.Add(gv, "replicasets", func() (map[string]rest.Storage, error) {
		s, err := replicasetstore.NewStorage(p.RESTOptionsGetter)
		if err != nil {
			return nil, err
		}
		return map[string]rest.Storage{"replicasets": s.Workload, "replicasets/status": s.Status, "replicasets/scale": s.Scale}, nil
	})
	b.Add(gv, "controllerrevisions", func() (map[string]rest.Storage, error) {
		cr, err := controllerrevisionstore.NewREST(p.RESTOptionsGetter)
		if err != nil {
			return nil, err
		}
		return map[string]rest.Storage{"controllerrevisions": cr}, nil
	})
	return b.Result()
}
