// Package rest assembles the networking.k8s.io API group kapi serves: v1 servicecidrs (with status),
// ipaddresses, ingresses (with status), ingressclasses and networkpolicies, and the hook that keeps
// the default ServiceCIDR.
package rest

import (
	"net/netip"

	networkingv1 "k8s.io/api/networking/v1"
	"k8s.io/apiserver/pkg/registry/generic"
	"k8s.io/apiserver/pkg/registry/rest"
	genericapiserver "k8s.io/apiserver/pkg/server"
	serverstorage "k8s.io/apiserver/pkg/server/storage"
	"k8s.io/client-go/kubernetes"

	_ "github.com/kapi-dev/kapi/pkg/apis/networking/install"
	"github.com/kapi-dev/kapi/pkg/controller/defaultservicecidr"
	"github.com/kapi-dev/kapi/pkg/registry/apigroup"
	ingressstore "github.com/kapi-dev/kapi/pkg/registry/networking/ingress/storage"
	ingressclassstore "github.com/kapi-dev/kapi/pkg/registry/networking/ingressclass/storage"
	ipaddressstore "github.com/kapi-dev/kapi/pkg/registry/networking/ipaddress/storage"
	networkpolicystore "github.com/kapi-dev/kapi/pkg/registry/networking/networkpolicy/storage"
	servicecidrstore "github.com/kapi-dev/kapi/pkg/registry/networking/servicecidr/storage"
)

// Provider builds the networking.k8s.io group on the storage RESTOptionsGetter gives.
type Provider struct {
	RESTOptionsGetter generic.RESTOptionsGetter
	// ServiceCIDRs are the service cluster IP ranges, which the `kubernetes` ServiceCIDR holds.
	ServiceCIDRs []netip.Prefix
	// Client is the server's loopback client, for the hook.
	Client kubernetes.Interface
}

// GroupName is networking.k8s.io.
func (p Provider) GroupName() string { return networkingv1.GroupName }

// NewRESTStorage returns the group's resources that resources enables.
func (p Provider) NewRESTStorage(resources serverstorage.APIResourceConfigSource) (genericapiserver.APIGroupInfo, error) {
	b := apigroup.NewBuilder(networkingv1.GroupName, resources)
	v1 := networkingv1.SchemeGroupVersion
	b.Add(v1, "servicecidrs", func() (map[string]rest.Storage, error) {
		cidrs, status, err := servicecidrstore.NewREST(p.RESTOptionsGetter)
		if err != nil {
			return nil, err
		}
		return map[string]rest.Storage{"servicecidrs": cidrs, "servicecidrs/status": status}, nil
	})
	b.Add(v1, "ipaddresses", func() (map[string]rest.Storage, error) {
		s, err := ipaddressstore.NewREST(p.RESTOptionsGetter)
		return apigroup.One("ipaddresses", s, err)
	})
	b.Add(v1, "ingresses", func() (map[string]rest.Storage, error) {
		ingresses, status, err := ingressstore.NewREST(p.RESTOptionsGetter)
		if err != nil {
			return nil, err
		}
		return map[string]rest.Storage{"ingresses": ingresses, "ingresses/status": status}, nil
	})
	b.Add(v1, "ingressclasses", func() (map[string]rest.Storage, error) {
		s, err := ingressclassstore.NewREST(p.RESTOptionsGetter)
		return apigroup.One("ingressclasses", s, err)
	})
	b.Add(v1, "networkpolicies", func() (map[string]rest.Storage, error) {
		s, err := networkpolicystore.NewREST(p.RESTOptionsGetter)
		return apigroup.One("networkpolicies", s, err)
	})
	return b.Result()
}

// Hooks start the controller that keeps the `kubernetes` ServiceCIDR at the service cluster IP ranges.
// Like kube-apiserver's hook of the same name it returns only once the ServiceCIDR exists, so the
// server is not ready before it does.
func (p Provider) Hooks() apigroup.Hooks {
	return apigroup.Hooks{PostStart: []apigroup.PostStartHook{{
		Name: "start-kubernetes-service-cidr-controller",
		Hook: func(ctx genericapiserver.PostStartHookContext) error {
			recorder, stop := defaultservicecidr.NewRecorder(ctx, p.Client)
			go func() {
				<-ctx.Done()
				stop()
			}()
			defaultservicecidr.New(p.Client, p.ServiceCIDRs, recorder).Start(ctx)
			return nil
		},
	}}}
}
