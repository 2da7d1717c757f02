// Package rest assembles the policy API group kapi serves: v1 poddisruptionbudgets. The Eviction
// kind of the group is served by the core group, as pods/eviction.
package rest

import (
	policyv1 "k8s.io/api/policy/v1"
	"k8s.io/apiserver/pkg/registry/generic"
	"k8s.io/apiserver/pkg/registry/rest"
	genericapiserver "k8s.io/apiserver/pkg/server"
	serverstorage "k8s.io/apiserver/pkg/server/storage"

	_ "github.com/kapi-dev/kapi/pkg/apis/policy/install"
	"github.com/kapi-dev/kapi/pkg/registry/apigroup"
	pdbstore "github.com/kapi-dev/kapi/pkg/registry/policy/poddisruptionbudget/storage"
)

// Provider builds the policy group.
type Provider struct {
	// RESTOptionsGetter gives the storage of each resource.
	RESTOptionsGetter generic.RESTOptionsGetter
}

var _ apigroup.Provider = Provider{}

// GroupName is "policy".
func (Provider) GroupName() string { return policyv1.GroupName }

// NewRESTStorage returns the policy/v1 resources that resources enables.
func (p Provider) NewRESTStorage(resources serverstorage.APIResourceConfigSource) (genericapiserver.APIGroupInfo, error) {
	b := apigroup.NewBuilder(policyv1.GroupName, resources)
	b.Add(policyv1.SchemeGroupVersion, "poddisruptionbudgets", func() (map[string]rest.Storage, error) {
		s, err := pdbstore.NewStorage(p.RESTOptionsGetter)
		if err != nil {
			return nil, err
		}
		return map[string]rest.Storage{"poddisruptionbudgets": s.PodDisruptionBudget, "poddisruptionbudgets/status": s.Status}, nil
	})
	return b.Result()
}
