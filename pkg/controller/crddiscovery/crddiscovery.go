// Package crddiscovery lists the API groups of CustomResourceDefinitions in the legacy (non-aggregated)
// /apis discovery document. kube-apiserver gets them there through the APIServices its aggregator
// registers for CRD groups; kapi has no aggregator, so this controller keeps the list itself.
package crddiscovery

import (
	"sort"
	"sync"

	apiextensionshelpers "k8s.io/apiextensions-apiserver/pkg/apihelpers"
	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	apiextensionsinformers "k8s.io/apiextensions-apiserver/pkg/client/informers/externalversions/apiextensions/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/util/sets"
	"k8s.io/apimachinery/pkg/version"
	"k8s.io/apiserver/pkg/endpoints/discovery"
	"k8s.io/client-go/tools/cache"
	"k8s.io/klog/v2"
)

// Controller adds the group of every established CRD to a discovery.GroupManager and removes groups
// whose last CRD is gone.
type Controller struct {
	groups   discovery.GroupManager
	informer apiextensionsinformers.CustomResourceDefinitionInformer

	mu sync.Mutex
	// listed are the CRD groups this controller put into groups.
	listed sets.Set[string]
}

// New returns a controller that keeps groups current with the CRDs informer sees.
func New(groups discovery.GroupManager, informer apiextensionsinformers.CustomResourceDefinitionInformer) *Controller {
	return &Controller{groups: groups, informer: informer, listed: sets.New[string]()}
}

// Start registers the controller with its informer; the informer factory's owner starts the informer.
func (c *Controller) Start() error {
	_, err := c.informer.Informer().AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc:    func(any) { c.sync() },
		UpdateFunc: func(any, any) { c.sync() },
		DeleteFunc: func(any) { c.sync() },
	})
	return err
}

// sync recomputes every CRD group from the informer's cache, which is cheap next to how rarely CRDs
// change, so no per-object bookkeeping can go stale.
func (c *Controller) sync() {
	crds, err := c.informer.Lister().List(labels.Everything())
	if err != nil {
		klog.ErrorS(err, "Listing CustomResourceDefinitions for discovery")
		return
	}
	current := Groups(crds)

	c.mu.Lock()
	defer c.mu.Unlock()
	for name, group := range current {
		c.groups.AddGroup(group)
		c.listed.Insert(name)
	}
	for name := range c.listed {
		if _, ok := current[name]; !ok {
			c.groups.RemoveGroup(name)
			c.listed.Delete(name)
		}
	}
}

// Groups returns the discovery entry of every group with an established CRD: its served versions,
// newest first by Kubernetes version ordering, the first being preferred, as kube-apiserver lists them.
func Groups(crds []*apiextensionsv1.CustomResourceDefinition) map[string]metav1.APIGroup {
	versions := map[string]sets.Set[string]{}
	for _, crd := range crds {
		if !apiextensionshelpers.IsCRDConditionTrue(crd, apiextensionsv1.Established) {
			continue
		}
		group := crd.Spec.Group
		for _, v := range crd.Spec.Versions {
			if !v.Served {
				continue
			}
			if versions[group] == nil {
				versions[group] = sets.New[string]()
			}
			versions[group].Insert(v.Name)
		}
	}
	groups := make(map[string]metav1.APIGroup, len(versions))
	for name, served := range versions {
		list := sets.List(served)
		sort.Slice(list, func(i, j int) bool { return version.CompareKubeAwareVersionStrings(list[i], list[j]) > 0 })
		group := metav1.APIGroup{Name: name}
		for _, v := range list {
			group.Versions = append(group.Versions, metav1.GroupVersionForDiscovery{GroupVersion: name + "/" + v, Version: v})
		}
		group.PreferredVersion = group.Versions[0]
		groups[name] = group
	}
	return groups
}
