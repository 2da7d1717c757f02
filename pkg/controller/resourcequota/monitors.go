package resourcequota

import (
	"context"
	"fmt"
	"maps"
	"sync"

	"k8s.io/apimachinery/pkg/runtime/schema"
	utilruntime "k8s.io/apimachinery/pkg/util/runtime"
	quota "k8s.io/apiserver/pkg/quota/v1"
	"k8s.io/apiserver/pkg/quota/v1/generic"
	"k8s.io/client-go/discovery"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/metadata"
	"k8s.io/client-go/metadata/metadatainformer"
	"k8s.io/client-go/tools/cache"
	"k8s.io/klog/v2"

	"github.com/kapi-dev/kapi/pkg/quota/install"
)

// monitor is the metadata-only informer of one quotable resource.
type monitor struct {
	informer informers.GenericInformer
	stop     context.CancelFunc
	// counter is the object count evaluator the monitor registered, for a resource that had none.
	counter quota.Evaluator
}

// monitors watch the quotable resources that have no typed informer, for their deletions and for
// their object count, and start and stop as discovery finds resources come and go.
type monitors struct {
	client   metadata.Interface
	handler  func(schema.GroupVersionResource) cache.ResourceEventHandler
	registry quota.Registry

	mu      sync.Mutex
	running map[schema.GroupVersionResource]*monitor
	// discovered is set once the first discovery was applied, before which nothing is synced.
	discovered bool
}

func newMonitors(client metadata.Interface, handler func(schema.GroupVersionResource) cache.ResourceEventHandler) *monitors {
	return &monitors{client: client, handler: handler, running: map[schema.GroupVersionResource]*monitor{}}
}

// rediscover finds the quotable resources and watches exactly those; the workers wait meanwhile,
// so that no quota is calculated from an informer that has not listed yet.
func (c *Controller) rediscover(ctx context.Context) {
	resources, err := quotableResources(c.client.Discovery())
	if err != nil && len(resources) == 0 {
		utilruntime.HandleError(fmt.Errorf("discovering quotable resources: %w", err))
		return
	}
	for gvr := range c.typed {
		delete(resources, gvr)
	}
	failed, _ := discovery.GroupDiscoveryFailedErrorGroups(err)
	if len(failed) == 0 && maps.Equal(resources, c.watched) {
		return
	}
	c.paused.Lock()
	defer c.paused.Unlock()
	c.watched = resources
	c.monitors.sync(ctx, resources, failed)
	// An informer that cannot list must not stall the workers for longer than a discovery period.
	waitCtx, cancel := context.WithTimeout(ctx, discoveryPeriod)
	defer cancel()
	cache.WaitForCacheSync(waitCtx.Done(), c.monitors.synced)
}

// quotableResources returns the preferred version of every namespaced resource that can be
// created, listed, watched and deleted, less those quota ignores. With an error for some groups it
// returns the others.
func quotableResources(d discovery.DiscoveryInterface) (map[schema.GroupVersionResource]struct{}, error) {
	lists, err := discovery.ServerPreferredNamespacedResources(d)
	if err != nil && !discovery.IsGroupDiscoveryFailedError(err) {
		return nil, err
	}
	lists = discovery.FilteredBy(discovery.SupportsAllVerbs{Verbs: []string{"create", "list", "watch", "delete"}}, lists)
	resources, parseErr := discovery.GroupVersionResources(lists)
	if parseErr != nil {
		return nil, parseErr
	}
	ignored := install.IgnoredResources()
	for gvr := range resources {
		if _, ok := ignored[gvr.GroupResource()]; ok {
			delete(resources, gvr)
		}
	}
	return resources, err
}

// sync starts the informers of resources not yet watched, and stops those of resources that are
// gone, except those of groups that discovery failed for this time.
func (m *monitors) sync(ctx context.Context, resources map[schema.GroupVersionResource]struct{}, failed map[schema.GroupVersion]error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for gvr, mon := range m.running {
		if _, ok := resources[gvr]; ok {
			continue
		}
		if _, ok := failed[gvr.GroupVersion()]; ok {
			continue
		}
		mon.stop()
		delete(m.running, gvr)
		if mon.counter != nil {
			m.registry.Remove(mon.counter)
		}
	}
	for gvr := range resources {
		if _, ok := m.running[gvr]; ok {
			continue
		}
		informer := metadatainformer.NewFilteredMetadataInformer(m.client, gvr, "", 0, cache.Indexers{cache.NamespaceIndex: cache.MetaNamespaceIndexFunc}, nil)
		if _, err := informer.Informer().AddEventHandler(m.handler(gvr)); err != nil {
			utilruntime.HandleError(fmt.Errorf("watching %s: %w", gvr, err))
			continue
		}
		monCtx, stop := context.WithCancel(ctx)
		mon := &monitor{informer: informer, stop: stop}
		if m.registry.Get(gvr.GroupResource()) == nil {
			mon.counter = generic.NewObjectCountEvaluator(gvr.GroupResource(), generic.ListResourceUsingListerFunc(m.lister, gvr), "")
			m.registry.Add(mon.counter)
		}
		m.running[gvr] = mon
		go informer.Informer().RunWithContext(monCtx)
		klog.V(4).InfoS("Quota monitors watch a resource", "resource", gvr)
	}
	m.discovered = true
}

// lister lists a watched resource once its informer has synced.
func (m *monitors) lister(gvr schema.GroupVersionResource) (cache.GenericLister, error) {
	return generic.ListerFuncForResourceFunc(m.informerFor)(gvr)
}

// informerFor returns the informer of a watched resource.
func (m *monitors) informerFor(gvr schema.GroupVersionResource) (informers.GenericInformer, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	mon, ok := m.running[gvr]
	if !ok {
		return nil, fmt.Errorf("quota controller does not watch %s", gvr)
	}
	return mon.informer, nil
}

// synced reports whether the first discovery was applied and every informer has listed once.
func (m *monitors) synced() bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	if !m.discovered {
		return false
	}
	for _, mon := range m.running {
		if !mon.informer.Informer().HasSynced() {
			return false
		}
	}
	return true
}

func (m *monitors) stop() {
	m.mu.Lock()
	defer m.mu.Unlock()
	for gvr, mon := range m.running {
		mon.stop()
		delete(m.running, gvr)
	}
}
