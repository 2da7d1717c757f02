// Package rest assembles the resource.k8s.io API group (Dynamic Resource Allocation) kapi serves:
// v1 deviceclasses, devicetaintrules (with status), resourceclaims (with status),
// resourceclaimtemplates and resourceslices.
package rest

import (
	resourcev1 "k8s.io/api/resource/v1"
	"k8s.io/apiserver/pkg/registry/generic"
	"k8s.io/apiserver/pkg/registry/rest"
	genericapiserver "k8s.io/apiserver/pkg/server"
	serverstorage "k8s.io/apiserver/pkg/server/storage"
	"k8s.io/client-go/kubernetes"

	_ "github.com/kapi-dev/kapi/pkg/apis/resource/install"
	"github.com/kapi-dev/kapi/pkg/registry/apigroup"
	deviceclassstore "github.com/kapi-dev/kapi/pkg/registry/resource/deviceclass/storage"
	devicetaintrulestore "github.com/kapi-dev/kapi/pkg/registry/resource/devicetaintrule/storage"
	resourceclaimstore "github.com/kapi-dev/kapi/pkg/registry/resource/resourceclaim/storage"
	resourceclaimtemplatestore "github.com/kapi-dev/kapi/pkg/registry/resource/resourceclaimtemplate/storage"
	resourceslicestore "github.com/kapi-dev/kapi/pkg/registry/resource/resourceslice/storage"
)

// Provider builds the resource.k8s.io group.
type Provider struct {
	// RESTOptionsGetter gives the storage of each resource.
	RESTOptionsGetter generic.RESTOptionsGetter
	// Client is the server's loopback client, through which claims and claim templates that ask
	// for admin access look up the labels of their namespace.
	Client kubernetes.Interface
}

var _ apigroup.Provider = Provider{}

// GroupName is "resource.k8s.io".
func (Provider) GroupName() string { return resourcev1.GroupName }

// NewRESTStorage returns the resource.k8s.io/v1 resources that resources enables.
func (p Provider) NewRESTStorage(resources serverstorage.APIResourceConfigSource) (genericapiserver.APIGroupInfo, error) {
	b := apigroup.NewBuilder(resourcev1.GroupName, resources)
	v1 := resourcev1.SchemeGroupVersion
	namespaces := p.Client.CoreV1().Namespaces()
	b.Add(v1, "deviceclasses", func() (map[string]rest.Storage, error) {
		s, err := deviceclassstore.NewREST(p.RESTOptionsGetter)
		return apigroup.One("deviceclasses", s, err)
	})
	b.Add(v1, "devicetaintrules", func() (map[string]rest.Storage, error) {
		rules, status, err := devicetaintrulestore.NewREST(p.RESTOptionsGetter)
		if err != nil {
			return nil, err
		}
		return map[string]rest.Storage{"devicetaintrules": rules, "devicetaintrules/status": status}, nil
	})
	b.Add(v1, "resourceclaims", func() (map[string]rest.Storage, error) {
		claims, status, err := resourceclaimstore.NewREST(p.RESTOptionsGetter, namespaces)
		if err != nil {
			return nil, err
		}
		return map[string]rest.Storage{"resourceclaims": claims, "resourceclaims/status": status}, nil
	})
	b.Add(v1, "resourceclaimtemplates", func() (map[string]rest.Storage, error) {
		s, err := resourceclaimtemplatestore.NewREST(p.RESTOptionsGetter, namespaces)
		return apigroup.One("resourceclaimtemplates", s, err)
	})
	b.Add(v1, "resourceslices", func() (map[string]rest.Storage, error) {
		s, err := resourceslicestore.NewREST(p.RESTOptionsGetter)
		return apigroup.One("resourceslices", s, err)
	})
	return b.Result()
}
