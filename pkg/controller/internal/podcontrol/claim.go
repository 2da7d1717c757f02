package podcontrol

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
	utilerrors "k8s.io/apimachinery/pkg/util/errors"
	"k8s.io/klog/v2"
)

// Claimer decides which objects of type T (pods, replica sets, controller revisions) a controller
// owns: it adopts orphans its selector matches and releases the ones it owns that no longer match,
// as kube-controller-manager's ControllerRefManager does. A Claimer serves one sync.
type Claimer[T metav1.Object] struct {
	// Owner is the controller, as its informer shows it, and Kind its kind.
	Owner metav1.Object
	Kind  schema.GroupVersionKind
	// Selector picks the objects the owner wants.
	Selector labels.Selector
	// Fresh reads the owner from the API server rather than a cache: before its first adoption,
	// the Claimer makes sure that the owner still exists with the same UID and is not being
	// deleted, since a deleted owner must not adopt what the garbage collector would orphan.
	Fresh func(ctx context.Context) (metav1.Object, error)
	// Patch applies a strategic merge patch to an object.
	Patch func(ctx context.Context, obj T, patch []byte) error
	// ReleaseFinalizers are removed from an object as it is released, for controllers that keep
	// their objects with a finalizer.
	ReleaseFinalizers []string

	recheck   sync.Once
	adoptable error
}

// Claim returns the objects of objs the owner owns after adopting and releasing: those that the
// selector matches and every filter accepts. Objects owned by another controller are left alone,
// and nothing is adopted or released while the owner is being deleted. Errors of single objects
// are gathered; the objects that did not fail are returned still.
func (c *Claimer[T]) Claim(ctx context.Context, objs []T, filters ...func(T) bool) ([]T, error) {
	var claimed []T
	var errs []error
	for _, obj := range objs {
		ok, err := c.claim(ctx, obj, filters)
		if err != nil {
			errs = append(errs, err)
		}
		if ok {
			claimed = append(claimed, obj)
		}
	}
	return claimed, utilerrors.NewAggregate(errs)
}

func (c *Claimer[T]) matches(obj T, filters []func(T) bool) bool {
	if !c.Selector.Matches(labels.Set(obj.GetLabels())) {
		return false
	}
	for _, f := range filters {
		if !f(obj) {
			return false
		}
	}
	return true
}

func (c *Claimer[T]) claim(ctx context.Context, obj T, filters []func(T) bool) (bool, error) {
	ownerDeleting := c.Owner.GetDeletionTimestamp() != nil
	if ref := metav1.GetControllerOfNoCopy(obj); ref != nil {
		if ref.UID != c.Owner.GetUID() {
			return false, nil
		}
		if c.matches(obj, filters) {
			return true, nil
		}
		if ownerDeleting {
			return false, nil
		}
		return false, c.release(ctx, obj)
	}
	if ownerDeleting || !c.matches(obj, filters) || obj.GetDeletionTimestamp() != nil ||
		(c.Owner.GetNamespace() != "" && c.Owner.GetNamespace() != obj.GetNamespace()) {
		return false, nil
	}
	if err := c.adopt(ctx, obj); err != nil {
		if apierrors.IsNotFound(err) {
			return false, nil
		}
		return false, err
	}
	return true, nil
}

func (c *Claimer[T]) adopt(ctx context.Context, obj T) error {
	c.recheck.Do(func() { c.adoptable = c.stillAdoptable(ctx) })
	if c.adoptable != nil {
		return fmt.Errorf("can't adopt %s/%s (%s): %w", obj.GetNamespace(), obj.GetName(), obj.GetUID(), c.adoptable)
	}
	klog.V(2).InfoS("Adopting", "controller", klog.KObj(c.Owner), "kind", c.Kind.Kind, "object", klog.KObj(obj))
	patch, err := AdoptPatch(*metav1.NewControllerRef(c.Owner, c.Kind), obj.GetUID())
	if err != nil {
		return err
	}
	return c.Patch(ctx, obj, patch)
}

// stillAdoptable rereads the owner, as upstream's RecheckDeletionTimestamp does.
func (c *Claimer[T]) stillAdoptable(ctx context.Context) error {
	fresh, err := c.Fresh(ctx)
	if err != nil {
		return fmt.Errorf("can't recheck DeletionTimestamp: %w", err)
	}
	if fresh.GetUID() != c.Owner.GetUID() {
		return fmt.Errorf("original %v %v/%v is gone: got uid %v, wanted %v", c.Kind.Kind, c.Owner.GetNamespace(), c.Owner.GetName(), fresh.GetUID(), c.Owner.GetUID())
	}
	if fresh.GetDeletionTimestamp() != nil {
		return fmt.Errorf("%v/%v has just been deleted at %v", fresh.GetNamespace(), fresh.GetName(), fresh.GetDeletionTimestamp())
	}
	return nil
}

// release drops the owner's reference from obj. An object that is gone, or whose UID or
// references changed meanwhile (the patch is then invalid), needs no release.
func (c *Claimer[T]) release(ctx context.Context, obj T) error {
	klog.V(2).InfoS("Releasing", "controller", klog.KObj(c.Owner), "kind", c.Kind.Kind, "object", klog.KObj(obj))
	patch, err := ReleasePatch(c.Owner.GetUID(), obj.GetUID(), c.ReleaseFinalizers...)
	if err != nil {
		return err
	}
	err = c.Patch(ctx, obj, patch)
	if apierrors.IsNotFound(err) || apierrors.IsInvalid(err) {
		return nil
	}
	return err
}

// AdoptPatch is the strategic merge patch that adds ref to the owner references of the object
// with UID uid; the UID makes the patch fail on another object of the same name.
func AdoptPatch(ref metav1.OwnerReference, uid types.UID) ([]byte, error) {
	return json.Marshal(map[string]any{"metadata": map[string]any{
		"ownerReferences": []metav1.OwnerReference{ref},
		"uid":             uid,
	}})
}

// ReleasePatch is the strategic merge patch that removes the reference to owner from the object
// with UID uid, and finalizers from its finalizers.
func ReleasePatch(owner, uid types.UID, finalizers ...string) ([]byte, error) {
	metadata := map[string]any{
		"ownerReferences": []map[string]any{{"$patch": "delete", "uid": owner}},
		"uid":             uid,
	}
	if len(finalizers) > 0 {
		metadata["$deleteFromPrimitiveList/finalizers"] = finalizers
	}
	return json.Marshal(map[string]any{"metadata": metadata})
}
