package garbagecollector

import (
	"context"
	"slices"
	"strings"

	eventsv1 "k8s.io/api/events/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/discovery"
	"k8s.io/client-go/restmapper"
)

// ignoredResources are never watched, as kube-controller-manager's default
// --gc-ignored-resources: events are many, short-lived and never anyone's owner.
var ignoredResources = map[schema.GroupResource]bool{
	{Group: "", Resource: "events"}:                 true,
	{Group: eventsv1.GroupName, Resource: "events"}: true,
}

// discovered is what one discovery pass found: the deletable resources to watch, with their kinds,
// and every group, version and resource for mapping owner references to resources.
type discovered struct {
	resources map[schema.GroupVersionResource]schema.GroupVersionKind
	groups    []*restmapper.APIGroupResources
	// failed are the group versions discovery could not list; err is why.
	failed map[schema.GroupVersion]error
	err    error
}

// discover lists the server's resources.
func discover(ctx context.Context, client discovery.DiscoveryInterface) discovered {
	gs, rs, err := discovery.ServerGroupsAndResourcesWithContext(ctx, discovery.ToDiscoveryInterfaceWithContext(client))
	d := discovered{err: err}
	d.failed, _ = discovery.GroupDiscoveryFailedErrorGroups(err)
	byVersion := make(map[string]*metav1.APIResourceList, len(rs))
	for _, r := range rs {
		if r != nil {
			byVersion[r.GroupVersion] = r
		}
	}
	for _, g := range gs {
		if g == nil {
			continue
		}
		group := &restmapper.APIGroupResources{Group: *g, VersionedResources: map[string][]metav1.APIResource{}}
		for _, v := range g.Versions {
			if list, ok := byVersion[v.GroupVersion]; ok {
				group.VersionedResources[v.Version] = list.APIResources
			}
		}
		d.groups = append(d.groups, group)
	}
	d.resources = deletableResources(d.groups)
	return d
}

// deletableResources returns, from the preferred version of each group that serves it, every
// resource that can be listed, watched and deleted, but for the ignored ones: what
// kube-controller-manager's garbage collector watches.
func deletableResources(groups []*restmapper.APIGroupResources) map[schema.GroupVersionResource]schema.GroupVersionKind {
	resources := map[schema.GroupVersionResource]schema.GroupVersionKind{}
	for _, g := range groups {
		// The preferred version first, then the others in the group's order, each resource from the
		// first version that serves it.
		versions := []string{g.Group.PreferredVersion.Version}
		for _, v := range g.Group.Versions {
			if v.Version != g.Group.PreferredVersion.Version {
				versions = append(versions, v.Version)
			}
		}
		seen := map[string]bool{}
		for _, version := range versions {
			for _, r := range g.VersionedResources[version] {
				if strings.Contains(r.Name, "/") || seen[r.Name] {
					continue
				}
				seen[r.Name] = true
				if ignoredResources[schema.GroupResource{Group: g.Group.Name, Resource: r.Name}] {
					continue
				}
				if !slices.Contains(r.Verbs, "delete") || !slices.Contains(r.Verbs, "list") || !slices.Contains(r.Verbs, "watch") {
					continue
				}
				gvr := schema.GroupVersionResource{Group: g.Group.Name, Version: version, Resource: r.Name}
				resources[gvr] = gvr.GroupVersion().WithKind(r.Kind)
			}
		}
	}
	return resources
}
