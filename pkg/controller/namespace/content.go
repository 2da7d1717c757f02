package namespace

import (
	"context"
	"fmt"
	"slices"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/discovery"
	"k8s.io/utils/ptr"
)

// deleteContent deletes every object of every namespaced resource in namespace, and counts what is
// left. Resources come from discovery on each pass, so CRDs created meanwhile are included.
func (c *Controller) deleteContent(ctx context.Context, namespace string) progress {
	p := progress{remaining: map[schema.GroupVersionResource]int{}, finalizers: map[string]int{}}
	lists, err := discovery.ServerPreferredNamespacedResources(c.client.Discovery())
	if err != nil {
		if failed, ok := err.(*discovery.ErrGroupDiscoveryFailed); ok {
			p.discoveryErr = fmt.Errorf("Discovery failed for some groups, %d failing: %v", len(failed.Groups), err)
		} else {
			p.discoveryErr = err
		}
	}
	for _, list := range lists {
		gv, err := schema.ParseGroupVersion(list.GroupVersion)
		if err != nil {
			continue
		}
		for _, r := range list.APIResources {
			if !slices.Contains(r.Verbs, "list") || !slices.Contains(r.Verbs, "delete") {
				continue
			}
			gvr := gv.WithResource(r.Name)
			if err := c.deleteResource(ctx, namespace, gvr, slices.Contains(r.Verbs, "deletecollection"), &p); err != nil {
				p.deleteErrs = append(p.deleteErrs, err)
			}
		}
	}
	return p
}

// deleteResource deletes the objects of one resource in namespace, then records what remains.
func (c *Controller) deleteResource(ctx context.Context, namespace string, gvr schema.GroupVersionResource, collection bool, p *progress) error {
	client := c.metadata.Resource(gvr).Namespace(namespace)
	background := metav1.DeleteOptions{PropagationPolicy: ptr.To(metav1.DeletePropagationBackground)}
	if collection {
		err := client.DeleteCollection(ctx, background, metav1.ListOptions{})
		if err != nil && !apierrors.IsNotFound(err) && !apierrors.IsMethodNotSupported(err) {
			return fmt.Errorf("failed to delete %s: %v", gvr, err)
		}
	}
	list, err := client.List(ctx, metav1.ListOptions{})
	if apierrors.IsNotFound(err) || apierrors.IsMethodNotSupported(err) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("failed to list %s: %v", gvr, err)
	}
	for _, item := range list.Items {
		if item.DeletionTimestamp != nil {
			count(p, gvr, item.Finalizers)
			continue
		}
		err := client.Delete(ctx, item.Name, background)
		switch {
		case apierrors.IsNotFound(err):
		case err != nil:
			return fmt.Errorf("failed to delete %s %s: %v", gvr, item.Name, err)
		default:
			count(p, gvr, item.Finalizers)
		}
	}
	return nil
}

// count records one object of gvr that is still there, with its finalizers.
func count(p *progress, gvr schema.GroupVersionResource, finalizers []string) {
	p.remaining[gvr]++
	for _, f := range finalizers {
		p.finalizers[f]++
	}
}
