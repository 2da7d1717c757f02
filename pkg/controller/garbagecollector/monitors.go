package garbagecollector

import (
	"context"
	"fmt"
	"sync"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/sets"
	"k8s.io/client-go/metadata"
	"k8s.io/client-go/metadata/metadatainformer"
	"k8s.io/client-go/tools/cache"
)

// monitor is the metadata-only informer of one resource.
type monitor struct {
	kind     schema.GroupVersionKind
	informer cache.SharedIndexInformer
	stop     context.CancelFunc
}

// monitors run one informer per watched resource, all feeding the graph builder, and start and stop
// them as the watched resources change.
type monitors struct {
	client  metadata.Interface
	builder *graphBuilder

	mu      sync.Mutex
	ctx     context.Context
	running map[schema.GroupVersionResource]*monitor
	wg      sync.WaitGroup
}

func newMonitors(ctx context.Context, client metadata.Interface, builder *graphBuilder) *monitors {
	return &monitors{client: client, builder: builder, ctx: ctx, running: map[schema.GroupVersionResource]*monitor{}}
}

// sync watches exactly resources: it starts the informers that are missing and stops those of
// resources no longer listed.
func (m *monitors) sync(resources map[schema.GroupVersionResource]schema.GroupVersionKind) (added, removed int, err error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.ctx.Err() != nil {
		return 0, 0, m.ctx.Err()
	}
	for gvr, mon := range m.running {
		if kind, ok := resources[gvr]; !ok || kind != mon.kind {
			mon.stop()
			delete(m.running, gvr)
			removed++
		}
	}
	for gvr, kind := range resources {
		if _, ok := m.running[gvr]; ok {
			continue
		}
		informer := metadatainformer.NewFilteredMetadataInformer(m.client, gvr, "", 0, cache.Indexers{}, nil).Informer()
		if err := informer.SetTransform(stripManagedFields); err != nil {
			return added, removed, fmt.Errorf("watching %s: %w", gvr, err)
		}
		if _, err := informer.AddEventHandler(m.builder.handlers(kind)); err != nil {
			return added, removed, fmt.Errorf("watching %s: %w", gvr, err)
		}
		ctx, stop := context.WithCancel(m.ctx)
		m.running[gvr] = &monitor{kind: kind, informer: informer, stop: stop}
		m.wg.Go(func() { informer.RunWithContext(ctx) })
		added++
	}
	return added, removed, nil
}

// synced reports whether every informer has listed its resource once; none running is not synced.
func (m *monitors) synced() bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.running) == 0 {
		return false
	}
	for _, mon := range m.running {
		if !mon.informer.HasSynced() {
			return false
		}
	}
	return true
}

// isSynced reports whether gvr is watched and listed.
func (m *monitors) isSynced(gvr schema.GroupVersionResource) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	mon, ok := m.running[gvr]
	return ok && mon.informer.HasSynced()
}

// watched returns the resources being watched.
func (m *monitors) watched() map[schema.GroupVersionResource]schema.GroupVersionKind {
	m.mu.Lock()
	defer m.mu.Unlock()
	resources := make(map[schema.GroupVersionResource]schema.GroupVersionKind, len(m.running))
	for gvr, mon := range m.running {
		resources[gvr] = mon.kind
	}
	return resources
}

// watchedGroupResources returns the group and resource of everything watched.
func (m *monitors) watchedGroupResources() sets.Set[schema.GroupResource] {
	grs := sets.New[schema.GroupResource]()
	for gvr := range m.watched() {
		grs.Insert(gvr.GroupResource())
	}
	return grs
}

// store returns the informer cache of gvr, if it is watched.
func (m *monitors) store(gvr schema.GroupVersionResource) (cache.Store, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	mon, ok := m.running[gvr]
	if !ok {
		return nil, false
	}
	return mon.informer.GetStore(), true
}

// stopAll stops every informer and waits for them; the monitors start nothing afterwards.
func (m *monitors) stopAll() {
	m.mu.Lock()
	for gvr, mon := range m.running {
		mon.stop()
		delete(m.running, gvr)
	}
	m.mu.Unlock()
	m.wg.Wait()
}

// stripManagedFields drops what the graph never reads, the larger part of most objects' metadata.
func stripManagedFields(obj any) (any, error) {
	if o, ok := obj.(metav1.Object); ok {
		o.SetManagedFields(nil)
	}
	return obj, nil
}
