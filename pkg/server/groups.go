package server

import (
	"net/netip"

	genericapiserver "k8s.io/apiserver/pkg/server"
	"k8s.io/apiserver/pkg/storage/storagebackend"
	"k8s.io/klog/v2"

	admissionregistrationrest "github.com/kapi-dev/kapi/pkg/registry/admissionregistration/rest"
	"github.com/kapi-dev/kapi/pkg/registry/apigroup"
	appsrest "github.com/kapi-dev/kapi/pkg/registry/apps/rest"
	authenticationrest "github.com/kapi-dev/kapi/pkg/registry/authentication/rest"
	authorizationrest "github.com/kapi-dev/kapi/pkg/registry/authorization/rest"
	autoscalingrest "github.com/kapi-dev/kapi/pkg/registry/autoscaling/rest"
	batchrest "github.com/kapi-dev/kapi/pkg/registry/batch/rest"
	certificatesrest "github.com/kapi-dev/kapi/pkg/registry/certificates/rest"
	coordinationrest "github.com/kapi-dev/kapi/pkg/registry/coordination/rest"
	corerest "github.com/kapi-dev/kapi/pkg/registry/core/rest"
	discoveryrest "github.com/kapi-dev/kapi/pkg/registry/discovery/rest"
	eventsrest "github.com/kapi-dev/kapi/pkg/registry/events/rest"
	flowcontrolrest "github.com/kapi-dev/kapi/pkg/registry/flowcontrol/rest"
	networkingrest "github.com/kapi-dev/kapi/pkg/registry/networking/rest"
	noderest "github.com/kapi-dev/kapi/pkg/registry/node/rest"
	policyrest "github.com/kapi-dev/kapi/pkg/registry/policy/rest"
	rbacrest "github.com/kapi-dev/kapi/pkg/registry/rbac/rest"
	resourcerest "github.com/kapi-dev/kapi/pkg/registry/resource/rest"
	schedulingrest "github.com/kapi-dev/kapi/pkg/registry/scheduling/rest"
	storagerest "github.com/kapi-dev/kapi/pkg/registry/storage/rest"
	storagemigrationrest "github.com/kapi-dev/kapi/pkg/registry/storagemigration/rest"
)

// apiGroupProviders are the API groups kapi serves, in kube-apiserver's order, each built with what
// its storage and hooks need. The storage must be open (applyStorage) on etcd and network built.
func (c CompletedConfig) apiGroupProviders(network *corerest.ServiceNetwork, etcd storagebackend.Config) []apigroup.Provider {
	optsGetter := c.Generic.RESTOptionsGetter
	client := c.clients.kube
	return []apigroup.Provider{
		corerest.Provider{
			RESTOptionsGetter:        optsGetter,
			EventTTL:                 c.Options.Events.TTL,
			ServiceNetwork:           network,
			ServiceAccountTokens:     c.serviceAccounts.Token,
			Client:                   client,
			EndpointsClient:          c.clients.endpoints,
			Components:               c.controlPlaneComponents(etcd),
			Authorizer:               c.Generic.Authorization.Authorizer,
			Kubelet:                  c.Options.Kubelet.Config(),
			ProxyAddressFilter:       c.Options.ProxyAddressFilter,
			ProxyDial:                c.Options.ProxyDial,
			MaxConnectionBytesPerSec: c.Options.MaxConnectionBytesPerSec,
		},
		authenticationrest.Provider{Authenticator: c.Generic.Authentication.Authenticator, APIAudiences: c.serviceAccounts.APIAudiences},
		authorizationrest.Provider{Authorizer: c.Generic.Authorization.Authorizer, RuleResolver: c.Generic.RuleResolver},
		autoscalingrest.Provider{RESTOptionsGetter: optsGetter},
		batchrest.Provider{RESTOptionsGetter: optsGetter},
		certificatesrest.Provider{RESTOptionsGetter: optsGetter, Authorizer: c.Generic.Authorization.Authorizer},
		coordinationrest.Provider{RESTOptionsGetter: optsGetter},
		discoveryrest.Provider{RESTOptionsGetter: optsGetter},
		networkingrest.Provider{RESTOptionsGetter: optsGetter, ServiceCIDRs: []netip.Prefix{c.Options.ServiceNetwork.ClusterIPRange}, Client: client},
		noderest.Provider{RESTOptionsGetter: optsGetter},
		policyrest.Provider{RESTOptionsGetter: optsGetter},
		rbacrest.Provider{RESTOptionsGetter: optsGetter, Authorizer: c.Generic.Authorization.Authorizer, Client: client},
		resourcerest.Provider{RESTOptionsGetter: optsGetter, Client: client},
		schedulingrest.Provider{RESTOptionsGetter: optsGetter, Client: client},
		storagerest.Provider{RESTOptionsGetter: optsGetter},
		storagemigrationrest.Provider{RESTOptionsGetter: optsGetter},
		flowcontrolrest.Provider{RESTOptionsGetter: optsGetter, Client: client},
		appsrest.Provider{RESTOptionsGetter: optsGetter},
		admissionregistrationrest.Provider{RESTOptionsGetter: optsGetter, Authorizer: c.Generic.Authorization.Authorizer, Client: client},
		eventsrest.Provider{RESTOptionsGetter: optsGetter, TTL: c.Options.Events.TTL},
	}
}

// installAPIGroups installs into s every group of providers that has an enabled resource, and the
// hooks of those groups.
func (c CompletedConfig) installAPIGroups(s *genericapiserver.GenericAPIServer, providers []apigroup.Provider) error {
	resources := c.Generic.MergedResourceConfig
	for _, p := range providers {
		info, err := p.NewRESTStorage(resources)
		if err != nil {
			return err
		}
		if len(info.VersionedResourcesStorageMap) == 0 {
			klog.V(1).InfoS("API group is not enabled, skipping", "group", p.GroupName())
			continue
		}
		if p.GroupName() == "" {
			err = s.InstallLegacyAPIGroup(genericapiserver.DefaultLegacyAPIPrefix, &info)
		} else {
			err = s.InstallAPIGroup(&info)
		}
		if err != nil {
			return err
		}
		if hp, ok := p.(apigroup.HookProvider); ok {
			if err := addHooks(s, hp.Hooks()); err != nil {
				return err
			}
		}
	}
	return nil
}

func addHooks(s *genericapiserver.GenericAPIServer, hooks apigroup.Hooks) error {
	for _, h := range hooks.PostStart {
		if err := s.AddPostStartHook(h.Name, h.Hook); err != nil {
			return err
		}
	}
	for _, h := range hooks.PreShutdown {
		if err := s.AddPreShutdownHook(h.Name, h.Hook); err != nil {
			return err
		}
	}
	return nil
}
