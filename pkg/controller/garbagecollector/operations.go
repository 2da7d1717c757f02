package garbagecollector

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"

	"k8s.io/apimachinery/pkg/api/equality"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/util/retry"
)

// restMappingError is a kind the last discovery did not know; the next one may.
type restMappingError struct {
	kind, version string
}

func (e *restMappingError) Error() string {
	return fmt.Sprintf("unable to get REST mapping for %s/%s", e.version, e.kind)
}

// apiResource maps apiVersion and kind to the resource that serves them, and whether it is namespaced.
func (gc *GarbageCollector) apiResource(apiVersion, kind string) (schema.GroupVersionResource, bool, error) {
	mapper := gc.mapper.Load()
	gvk := schema.FromAPIVersionAndKind(apiVersion, kind)
	if mapper == nil {
		return schema.GroupVersionResource{}, false, &restMappingError{kind: kind, version: apiVersion}
	}
	mapping, err := (*mapper).RESTMapping(gvk.GroupKind(), gvk.Version)
	if err != nil {
		return schema.GroupVersionResource{}, false, &restMappingError{kind: kind, version: apiVersion}
	}
	return mapping.Resource, mapping.Scope.Name() == meta.RESTScopeNameNamespace, nil
}

// scopedNamespace is the namespace to address an object of a resource in: none for cluster-scoped ones.
func scopedNamespace(namespaced bool, namespace string) string {
	if namespaced {
		return namespace
	}
	return ""
}

// getObject reads the live object item names.
func (gc *GarbageCollector) getObject(ctx context.Context, item objectReference) (*metav1.PartialObjectMetadata, error) {
	resource, namespaced, err := gc.apiResource(item.APIVersion, item.Kind)
	if err != nil {
		return nil, err
	}
	return gc.metadata.Resource(resource).Namespace(scopedNamespace(namespaced, item.Namespace)).Get(ctx, item.Name, metav1.GetOptions{})
}

// deleteObject deletes item with policy, provided it still has item's uid and, if resourceVersion is
// set, that version. A deletion refused for a newer version is tried again at that version when the
// object's owner references are still ownersAtVersion: the reason to delete it has not changed.
func (gc *GarbageCollector) deleteObject(ctx context.Context, item objectReference, resourceVersion string, ownersAtVersion []metav1.OwnerReference, policy metav1.DeletionPropagation) error {
	resource, namespaced, err := gc.apiResource(item.APIVersion, item.Kind)
	if err != nil {
		return err
	}
	client := gc.metadata.Resource(resource).Namespace(scopedNamespace(namespaced, item.Namespace))
	preconditions := metav1.Preconditions{UID: &item.UID}
	if resourceVersion != "" {
		preconditions.ResourceVersion = &resourceVersion
	}
	options := metav1.DeleteOptions{Preconditions: &preconditions, PropagationPolicy: &policy}
	err = client.Delete(ctx, item.Name, options)
	if !apierrors.IsConflict(err) || resourceVersion == "" {
		return err
	}
	live, getErr := client.Get(ctx, item.Name, metav1.GetOptions{})
	switch {
	case apierrors.IsNotFound(getErr):
		return nil
	case getErr != nil:
		return err
	}
	if live.UID == item.UID && live.ResourceVersion != resourceVersion && equality.Semantic.DeepEqual(live.OwnerReferences, ownersAtVersion) {
		preconditions.ResourceVersion = &live.ResourceVersion
		return client.Delete(ctx, item.Name, options)
	}
	return err
}

// patchObject patches item.
func (gc *GarbageCollector) patchObject(ctx context.Context, item objectReference, patch []byte, pt types.PatchType) (*metav1.PartialObjectMetadata, error) {
	resource, namespaced, err := gc.apiResource(item.APIVersion, item.Kind)
	if err != nil {
		return nil, err
	}
	return gc.metadata.Resource(resource).Namespace(scopedNamespace(namespaced, item.Namespace)).Patch(ctx, item.Name, pt, patch, metav1.PatchOptions{})
}

// patch applies a strategic merge patch to item or, where the resource does not take those (custom
// resources), the JSON merge patch that mergePatch builds from the object's current metadata.
func (gc *GarbageCollector) patch(ctx context.Context, item *node, strategic []byte, mergePatch func(*metav1.PartialObjectMetadata) ([]byte, error)) error {
	_, err := gc.patchObject(ctx, item.identity, strategic, types.StrategicMergePatchType)
	if !apierrors.IsUnsupportedMediaType(err) {
		return err
	}
	current, err := gc.currentMetadata(ctx, item.identity)
	if err != nil {
		return err
	}
	p, err := mergePatch(current)
	if err != nil {
		return err
	}
	_, err = gc.patchObject(ctx, item.identity, p, types.MergePatchType)
	return err
}

// currentMetadata returns item from its informer's cache, or from the API server when the cache does
// not have it.
func (gc *GarbageCollector) currentMetadata(ctx context.Context, item objectReference) (*metav1.PartialObjectMetadata, error) {
	resource, namespaced, err := gc.apiResource(item.APIVersion, item.Kind)
	if err != nil {
		return nil, err
	}
	namespace := scopedNamespace(namespaced, item.Namespace)
	if store, ok := gc.monitors.store(resource); ok {
		key := item.Name
		if namespace != "" {
			key = namespace + "/" + item.Name
		}
		if obj, exists, err := store.GetByKey(key); err == nil && exists {
			if cached, ok := obj.(*metav1.PartialObjectMetadata); ok && cached.UID == item.UID {
				return cached, nil
			}
		}
	}
	return gc.metadata.Resource(resource).Namespace(namespace).Get(ctx, item.Name, metav1.GetOptions{})
}

// removeFinalizer takes finalizer off owner, retrying on conflicts.
func (gc *GarbageCollector) removeFinalizer(ctx context.Context, owner *node, finalizer string) error {
	err := retry.RetryOnConflict(retry.DefaultBackoff, func() error {
		live, err := gc.getObject(ctx, owner.identity)
		if apierrors.IsNotFound(err) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("cannot finalize owner %s, because cannot get it: %w. The garbage collector will retry later", owner.identity, err)
		}
		if live.UID != owner.identity.UID || !slices.Contains(live.Finalizers, finalizer) {
			return nil
		}
		remaining := slices.DeleteFunc(slices.Clone(live.Finalizers), func(f string) bool { return f == finalizer })
		p, err := finalizersMergePatch(live.ResourceVersion, remaining)
		if err != nil {
			return err
		}
		_, err = gc.patchObject(ctx, owner.identity, p, types.MergePatchType)
		return err
	})
	if apierrors.IsConflict(err) {
		return fmt.Errorf("updateMaxRetries(%d) has reached. The garbage collector will retry later for owner %v", retry.DefaultBackoff.Steps, owner.identity)
	}
	return err
}

// finalizersMergePatch sets an object's finalizers, provided it is still at resourceVersion.
func finalizersMergePatch(resourceVersion string, finalizers []string) ([]byte, error) {
	type metadata struct {
		ResourceVersion string   `json:"resourceVersion"`
		Finalizers      []string `json:"finalizers"`
	}
	return json.Marshal(map[string]metadata{"metadata": {ResourceVersion: resourceVersion, Finalizers: finalizers}})
}
