// Package apigroup defines what one served API group gives the server that installs it: its storage,
// built only for the versions and resources the server's --runtime-config enables, and the work the
// group needs done once the server serves.
package apigroup

import (
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apiserver/pkg/registry/rest"
	genericapiserver "k8s.io/apiserver/pkg/server"
	serverstorage "k8s.io/apiserver/pkg/server/storage"

	"github.com/kapi-dev/kapi/pkg/apis/scheme"
)

// Provider builds the storage of one API group, as kube-apiserver's RESTStorageProviders do.
type Provider interface {
	// GroupName is the group's name; "" is the legacy core group, served under /api.
	GroupName() string
	// NewRESTStorage returns the group's storage for the versions and resources that resources
	// enables. A group none of whose resources is enabled returns an APIGroupInfo without versions.
	NewRESTStorage(resources serverstorage.APIResourceConfigSource) (genericapiserver.APIGroupInfo, error)
}

// HookProvider is a Provider that also has work to run once the server serves, or before it stops.
type HookProvider interface {
	Provider
	// Hooks returns the group's hooks, named as kube-apiserver names them.
	Hooks() Hooks
}

// Hooks are the post-start and pre-shutdown hooks of a group, by name.
type Hooks struct {
	PostStart   []PostStartHook
	PreShutdown []PreShutdownHook
}

// PostStartHook runs once the server serves; /readyz fails until it has returned.
type PostStartHook struct {
	Name string
	Hook genericapiserver.PostStartHookFunc
}

// PreShutdownHook runs when the server begins to shut down.
type PreShutdownHook struct {
	Name string
	Hook genericapiserver.PreShutdownHookFunc
}

// ResourceStorage builds the storage of one resource and its subresources, keyed by their paths
// ("deployments", "deployments/status").
type ResourceStorage func() (map[string]rest.Storage, error)

// Builder collects the storage of one group, skipping what the resource configuration disables.
type Builder struct {
	info      genericapiserver.APIGroupInfo
	resources serverstorage.APIResourceConfigSource
	err       error
}

// NewBuilder starts the storage of group, whose versions and resources resources enables or not.
func NewBuilder(group string, resources serverstorage.APIResourceConfigSource) *Builder {
	return &Builder{
		info:      genericapiserver.NewDefaultAPIGroupInfo(group, scheme.Scheme, scheme.ParameterCodec, scheme.Codecs),
		resources: resources,
	}
}

// Add builds resource's storage in gv with build, unless the resource is disabled there. Subresources
// follow their resource: "deployments/status" is served exactly when "deployments" is.
func (b *Builder) Add(gv schema.GroupVersion, resource string, build ResourceStorage) {
	if b.err != nil || !b.resources.ResourceEnabled(gv.WithResource(resource)) {
		return
	}
	storage, err := build()
	if err != nil {
		b.err = err
		return
	}
	versioned := b.info.VersionedResourcesStorageMap[gv.Version]
	if versioned == nil {
		versioned = map[string]rest.Storage{}
		b.info.VersionedResourcesStorageMap[gv.Version] = versioned
	}
	for path, s := range storage {
		versioned[path] = s
	}
}

// AddBuilt adds storage built beforehand (reviews, or stores that must exist together), keyed by
// resource, except the resources disabled in gv. What it leaves out stays the caller's.
func (b *Builder) AddBuilt(gv schema.GroupVersion, storage map[string]rest.Storage) {
	for resource, s := range storage {
		b.Add(gv, resource, func() (map[string]rest.Storage, error) { return map[string]rest.Storage{resource: s}, nil })
	}
}

// Result returns the group's storage, or the first error a build returned, after destroying what was
// built before it.
func (b *Builder) Result() (genericapiserver.APIGroupInfo, error) {
	if b.err != nil {
		for _, storage := range b.info.VersionedResourcesStorageMap {
			for _, s := range storage {
				s.Destroy()
			}
		}
		return b.info, b.err
	}
	return b.info, nil
}

// One returns the storage of a resource without subresources, or err.
func One(path string, s rest.Storage, err error) (map[string]rest.Storage, error) {
	if err != nil {
		return nil, err
	}
	return map[string]rest.Storage{path: s}, nil
}
