package app

import (
	corev1 "k8s.io/api/core/v1"
	genericapiserver "k8s.io/apiserver/pkg/server"

	authenticationrest "github.com/kapi-dev/kapi/pkg/registry/authentication/rest"
	authorizationrest "github.com/kapi-dev/kapi/pkg/registry/authorization/rest"
	coordinationrest "github.com/kapi-dev/kapi/pkg/registry/coordination/rest"
	corerest "github.com/kapi-dev/kapi/pkg/registry/core/rest"
	servicestore "github.com/kapi-dev/kapi/pkg/registry/core/service/storage"
	sastorage "github.com/kapi-dev/kapi/pkg/registry/core/serviceaccount/storage"
	discoveryrest "github.com/kapi-dev/kapi/pkg/registry/discovery/rest"
	eventsrest "github.com/kapi-dev/kapi/pkg/registry/events/rest"
	networkingrest "github.com/kapi-dev/kapi/pkg/registry/networking/rest"
)

// installAPIs installs the core group and the named API groups kapi serves; services draw their
// cluster IPs and node ports from alloc.
func (c CompletedConfig) installAPIs(s *genericapiserver.GenericAPIServer, alloc *servicestore.Allocators) error {
	optsGetter := c.Generic.RESTOptionsGetter
	legacy, err := corerest.NewLegacyAPIGroupInfo(optsGetter, corerest.Options{EventTTL: c.EventTTL, ServiceAllocators: alloc})
	if err != nil {
		return err
	}
	if err := sastorage.AddTokenREST(legacy.VersionedResourcesStorageMap[corev1.SchemeGroupVersion.Version], c.serviceAccounts.Token); err != nil {
		return err
	}
	if err := s.InstallLegacyAPIGroup(genericapiserver.DefaultLegacyAPIPrefix, &legacy); err != nil {
		return err
	}
	coordination, err := coordinationrest.NewAPIGroupInfo(optsGetter)
	if err != nil {
		return err
	}
	events, err := eventsrest.NewAPIGroupInfo(optsGetter, c.EventTTL)
	if err != nil {
		return err
	}
	discovery, err := discoveryrest.NewAPIGroupInfo(optsGetter)
	if err != nil {
		return err
	}
	networking, err := networkingrest.NewAPIGroupInfo(optsGetter)
	if err != nil {
		return err
	}
	authorization := authorizationrest.NewAPIGroupInfo(c.Generic.Authorization.Authorizer, c.Generic.RuleResolver)
	authentication := authenticationrest.NewAPIGroupInfo(c.Generic.Authentication.Authenticator, c.serviceAccounts.APIAudiences)
	if err := s.InstallAPIGroups(&coordination, &events, &discovery, &networking, &authorization, &authentication); err != nil {
		return err
	}
	c.serviceAccounts.installOpenIDMetadata(s.Handler.NonGoRestfulMux, c.Generic.ExternalAddress)
	return nil
}
