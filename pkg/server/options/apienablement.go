package options

import (
	"fmt"
	"regexp"

	apiextensionsapiserver "k8s.io/apiextensions-apiserver/pkg/apiserver"
	"k8s.io/apiserver/pkg/server/resourceconfig"
	serverstorage "k8s.io/apiserver/pkg/server/storage"

	"github.com/kapi-dev/kapi/pkg/apis/scheme"
)

// gaVersion matches the versions kube-apiserver serves by default: v1, v2, ..., not betas or alphas.
var gaVersion = regexp.MustCompile(`^v\d+$`)

// ResourceConfigs are the versions and resources that kapi's own server and the
// CustomResourceDefinition server serve.
type ResourceConfigs struct {
	Kapi          *serverstorage.ResourceConfig
	APIExtensions *serverstorage.ResourceConfig
}

// ResourceConfigs applies --runtime-config to the defaults: every GA version of every group kapi
// registers is on, every beta and alpha version off, as kube-apiserver's defaults.
func (o CompletedOptions) ResourceConfigs() (ResourceConfigs, error) {
	runtimeConfig := o.APIEnablement.RuntimeConfig
	kapi, err := resourceconfig.MergeAPIResourceConfigs(defaultResourceConfig(), runtimeConfig, scheme.Scheme)
	if err != nil {
		return ResourceConfigs{}, fmt.Errorf("--runtime-config: %w", err)
	}
	apiExtensions, err := resourceconfig.MergeAPIResourceConfigs(apiextensionsapiserver.DefaultAPIResourceConfigSource(), runtimeConfig, apiextensionsapiserver.Scheme)
	if err != nil {
		return ResourceConfigs{}, fmt.Errorf("--runtime-config: %w", err)
	}
	return ResourceConfigs{Kapi: kapi, APIExtensions: apiExtensions}, nil
}

// validateRuntimeConfig reports keys of --runtime-config that name no group, or that name a version
// or resource in an invalid way.
func (o CompletedOptions) validateRuntimeConfig() []error {
	var errs []error
	for _, err := range o.APIEnablement.Validate(scheme.Scheme, apiextensionsapiserver.Scheme) {
		errs = append(errs, fmt.Errorf("--runtime-config: %w", err))
	}
	if len(errs) > 0 {
		return errs
	}
	if _, err := o.ResourceConfigs(); err != nil {
		errs = append(errs, err)
	}
	return errs
}

func defaultResourceConfig() *serverstorage.ResourceConfig {
	c := serverstorage.NewResourceConfig()
	for _, gv := range scheme.Scheme.PrioritizedVersionsAllGroups() {
		if gaVersion.MatchString(gv.Version) {
			c.EnableVersions(gv)
		} else {
			c.DisableVersions(gv)
		}
	}
	return c
}
