package endpoints

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/validation"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	discoveryclient "k8s.io/client-go/kubernetes/typed/discovery/v1"
	"k8s.io/client-go/tools/cache"

	"github.com/kapi-dev/kapi/pkg/controller/internal/worker"
)

// endpointKey identifies an endpoint across syncs: its addresses, hostname and target. Everything
// else (conditions, node, zone) can change in place.
type endpointKey struct {
	addresses, hostname, namespace, name string
}

func keyOf(ep *discoveryv1.Endpoint) endpointKey {
	addresses := slices.Clone(ep.Addresses)
	slices.Sort(addresses)
	k := endpointKey{addresses: strings.Join(addresses, ",")}
	if ep.Hostname != nil {
		k.hostname = *ep.Hostname
	}
	if ep.TargetRef != nil {
		k.namespace, k.name = ep.TargetRef.Namespace, ep.TargetRef.Name
	}
	return k
}

func compareKeys(a, b endpointKey) int {
	return cmp.Or(cmp.Compare(a.addresses, b.addresses), cmp.Compare(a.namespace, b.namespace),
		cmp.Compare(a.name, b.name), cmp.Compare(a.hostname, b.hostname))
}

// EndpointSet is a set of desired endpoints by identity.
type EndpointSet map[endpointKey]*discoveryv1.Endpoint

// Insert adds ep, replacing an endpoint of the same identity.
func (s EndpointSet) Insert(ep *discoveryv1.Endpoint) { s[keyOf(ep)] = ep }

// Get returns the endpoint of the same identity as ep, nil if none.
func (s EndpointSet) Get(ep *discoveryv1.Endpoint) *discoveryv1.Endpoint { return s[keyOf(ep)] }

// Delete removes the endpoint of the same identity as ep.
func (s EndpointSet) Delete(ep *discoveryv1.Endpoint) { delete(s, keyOf(ep)) }

// Take removes and returns up to n endpoints, in the order of their identities, so that the same
// desired state gives the same slices.
func (s EndpointSet) Take(n int) []discoveryv1.Endpoint {
	keys := make([]endpointKey, 0, len(s))
	for k := range s {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, compareKeys)
	keys = keys[:min(n, len(keys))]
	taken := make([]discoveryv1.Endpoint, len(keys))
	for i, k := range keys {
		taken[i] = *s[k]
		delete(s, k)
	}
	return taken
}

// EqualBeyondKey tells whether two endpoints of the same identity also agree on everything else a
// controller writes, ignoring the target's resource version.
func EqualBeyondKey(a, b *discoveryv1.Endpoint) bool {
	return equalPtr(a.NodeName, b.NodeName) && equalPtr(a.Zone, b.Zone) &&
		equalPtr(a.Conditions.Ready, b.Conditions.Ready) &&
		equalPtr(a.Conditions.Serving, b.Conditions.Serving) &&
		equalPtr(a.Conditions.Terminating, b.Conditions.Terminating) &&
		equalRef(a.TargetRef, b.TargetRef)
}

func equalPtr[T comparable](a, b *T) bool {
	return (a == nil) == (b == nil) && (a == nil || *a == *b)
}

// equalRef compares object references but for their resource versions, which change with every
// update of the pod without changing the endpoint.
func equalRef(a, b *corev1.ObjectReference) bool {
	if a == nil || b == nil {
		return a == b
	}
	x, y := *a, *b
	x.ResourceVersion, y.ResourceVersion = "", ""
	return x == y
}

// PortsKey identifies a set of slice ports regardless of their order.
func PortsKey(ports []discoveryv1.EndpointPort) string {
	parts := make([]string, len(ports))
	for i, p := range ports {
		parts[i] = fmt.Sprintf("%s/%s/%s/%s", deref(p.Name), deref(p.Protocol), derefInt(p.Port), deref(p.AppProtocol))
	}
	slices.Sort(parts)
	return strings.Join(parts, ",")
}

func deref[T ~string](p *T) string {
	if p == nil {
		return "-"
	}
	return string(*p)
}

func derefInt(p *int32) string {
	if p == nil {
		return "-"
	}
	return fmt.Sprint(*p)
}

// NamePrefix is the generateName of a service's slices: the name and a dash, unless that is too long.
func NamePrefix(name string) string {
	if prefix := name + "-"; len(validation.NameIsDNSSubdomain(prefix, true)) == 0 {
		return prefix
	}
	return name
}

// Changes are the slice writes one sync makes.
type Changes struct {
	Create, Update, Delete []*discoveryv1.EndpointSlice
}

// Recycle turns pairs of a slice to create and one to delete into an update of the latter, when
// reusable allows, to write less.
func (c *Changes) Recycle(reusable func(toDelete, toCreate *discoveryv1.EndpointSlice) bool) {
	for i := 0; i < len(c.Delete) && len(c.Create) > 0; {
		last := c.Create[len(c.Create)-1]
		if !reusable(c.Delete[i], last) {
			i++
			continue
		}
		last.Name, last.GenerateName = c.Delete[i].Name, ""
		c.Create = c.Create[:len(c.Create)-1]
		c.Update = append(c.Update, last)
		c.Delete = slices.Delete(c.Delete, i, i+1)
	}
}

// SliceHandlers are the EndpointSlice event handlers of a controller whose slices carry the
// managed-by label managedBy: they enqueue the owning service's key for changes the controller did
// not make itself, and for slices taken over from or by another manager.
func SliceHandlers(managedBy string, tracker *SliceTracker, enqueue func(key string)) cache.ResourceEventHandlerFuncs {
	ours := func(s *discoveryv1.EndpointSlice) bool { return s.Labels[discoveryv1.LabelManagedBy] == managedBy }
	queue := func(s *discoveryv1.EndpointSlice) {
		if key, ok := serviceKeyOf(s); ok {
			enqueue(key)
		}
	}
	return cache.ResourceEventHandlerFuncs{
		AddFunc: func(obj any) {
			if s, ok := obj.(*discoveryv1.EndpointSlice); ok && ours(s) && tracker.ShouldSync(s) {
				queue(s)
			}
		},
		UpdateFunc: func(oldObj, newObj any) {
			old, ok1 := oldObj.(*discoveryv1.EndpointSlice)
			cur, ok2 := newObj.(*discoveryv1.EndpointSlice)
			if !ok1 || !ok2 {
				return
			}
			// Labels do not bump the generation, and users may move a slice to another service.
			if old.Labels[discoveryv1.LabelServiceName] != cur.Labels[discoveryv1.LabelServiceName] {
				queue(old)
				queue(cur)
				return
			}
			if ours(old) != ours(cur) || (ours(cur) && tracker.ShouldSync(cur)) {
				queue(cur)
			}
		},
		DeleteFunc: func(obj any) {
			s, ok := worker.Unwrap[*discoveryv1.EndpointSlice](obj)
			if ok && ours(s) && tracker.Has(s) && !tracker.HandleDeletion(s) {
				queue(s)
			}
		},
	}
}

// Write makes the changes through client, creates first and deletes last, and records them in
// tracker. Creates happen only if create allows; a namespace that is terminating ends the writes
// without an error, since creates will keep failing there. prepare, if set, adjusts each slice
// before it is created or updated. owner names what the slices are for in errors, such as
// "Service ns/name".
func (c Changes) Write(ctx context.Context, client discoveryclient.EndpointSliceInterface, tracker *SliceTracker, create bool, prepare func(*discoveryv1.EndpointSlice), owner string) error {
	if prepare == nil {
		prepare = func(*discoveryv1.EndpointSlice) {}
	}
	if create {
		for _, s := range c.Create {
			prepare(s)
			created, err := client.Create(ctx, s, metav1.CreateOptions{})
			if apierrors.HasStatusCause(err, corev1.NamespaceTerminatingCause) {
				return nil
			}
			if err != nil {
				return fmt.Errorf("failed to create EndpointSlice for %s: %w", owner, err)
			}
			tracker.Update(created)
		}
	}
	for _, s := range c.Update {
		prepare(s)
		updated, err := client.Update(ctx, s, metav1.UpdateOptions{})
		if err != nil {
			return fmt.Errorf("failed to update %s EndpointSlice for %s: %w", s.Name, owner, err)
		}
		tracker.Update(updated)
	}
	for _, s := range c.Delete {
		if err := client.Delete(ctx, s.Name, metav1.DeleteOptions{}); err != nil && !apierrors.IsNotFound(err) {
			return fmt.Errorf("failed to delete %s EndpointSlice for %s: %w", s.Name, owner, err)
		}
		tracker.ExpectDeletion(s)
	}
	return nil
}
