package disruption

import (
	"context"
	"fmt"
	"slices"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/discovery"
	appslisters "k8s.io/client-go/listers/apps/v1"
	corelisters "k8s.io/client-go/listers/core/v1"
	"k8s.io/client-go/scale"
)

// controllerScale is a pod's controller and how many pods it wants.
type controllerScale struct {
	uid   types.UID
	scale int32
}

// finder returns the controller a reference names and its scale, or nil when the reference is not
// of the finder's kind or names no such controller.
type finder func(ctx context.Context, ref *metav1.OwnerReference, namespace string) (*controllerScale, error)

// finders look a pod's controller up: the workload kinds from the informers, a replica set owned by
// a deployment as that deployment, and any other kind through its scale subresource.
type finders struct {
	replicationControllers corelisters.ReplicationControllerLister
	replicaSets            appslisters.ReplicaSetLister
	deployments            appslisters.DeploymentLister
	statefulSets           appslisters.StatefulSetLister
	mapper                 meta.RESTMapper
	scales                 scale.ScalesGetter
	discovery              discovery.DiscoveryInterface
}

func (f *finders) all() []finder {
	return []finder{f.replicationController, f.deployment, f.replicaSet, f.statefulSet, f.scaleSubresource}
}

// expectedScale sums the scales of the controllers of pods; pods without a controller are
// returned by name, and a controller that cannot be found is an error.
func (f *finders) expectedScale(ctx context.Context, pods []*corev1.Pod) (int32, []string, error) {
	scales := map[types.UID]int32{}
	var unmanaged []string
	for _, p := range pods {
		ref := metav1.GetControllerOf(p)
		if ref == nil {
			unmanaged = append(unmanaged, p.Name)
			continue
		}
		if _, ok := scales[ref.UID]; ok {
			continue
		}
		found := false
		for _, find := range f.all() {
			cs, err := find(ctx, ref, p.Namespace)
			if err != nil {
				return 0, nil, err
			}
			if cs != nil {
				scales[cs.uid] = cs.scale
				found = true
				break
			}
		}
		if !found {
			return 0, nil, fmt.Errorf("found no controllers for pod %q", p.Name)
		}
	}
	var expected int32
	for _, s := range scales {
		expected += s
	}
	return expected, unmanaged, nil
}

// isKind tells whether ref names kind in one of groups.
func isKind(ref *metav1.OwnerReference, kind string, groups ...string) (bool, error) {
	gv, err := schema.ParseGroupVersion(ref.APIVersion)
	if err != nil {
		return false, err
	}
	return ref.Kind == kind && slices.Contains(groups, gv.Group), nil
}

func (f *finders) replicationController(_ context.Context, ref *metav1.OwnerReference, namespace string) (*controllerScale, error) {
	if ok, err := isKind(ref, "ReplicationController", ""); !ok || err != nil {
		return nil, err
	}
	rc, err := f.replicationControllers.ReplicationControllers(namespace).Get(ref.Name)
	if err != nil || rc.UID != ref.UID {
		return nil, nil
	}
	return &controllerScale{rc.UID, replicas(rc.Spec.Replicas)}, nil
}

// ownedReplicaSet returns the replica set ref names, if it exists with that UID.
func (f *finders) ownedReplicaSet(ref *metav1.OwnerReference, namespace string) (*metav1.OwnerReference, *controllerScale, error) {
	if ok, err := isKind(ref, "ReplicaSet", "apps", "extensions"); !ok || err != nil {
		return nil, nil, err
	}
	rs, err := f.replicaSets.ReplicaSets(namespace).Get(ref.Name)
	if err != nil || rs.UID != ref.UID {
		return nil, nil, nil
	}
	return metav1.GetControllerOf(rs), &controllerScale{rs.UID, replicas(rs.Spec.Replicas)}, nil
}

// replicaSet finds a replica set that no deployment controls.
func (f *finders) replicaSet(_ context.Context, ref *metav1.OwnerReference, namespace string) (*controllerScale, error) {
	owner, cs, err := f.ownedReplicaSet(ref, namespace)
	if cs == nil || err != nil || owner != nil && owner.Kind == "Deployment" {
		return nil, err
	}
	return cs, nil
}

// deployment finds the deployment that controls a pod's replica set.
func (f *finders) deployment(_ context.Context, ref *metav1.OwnerReference, namespace string) (*controllerScale, error) {
	owner, cs, err := f.ownedReplicaSet(ref, namespace)
	if cs == nil || owner == nil || err != nil {
		return nil, err
	}
	if ok, err := isKind(owner, "Deployment", "apps", "extensions"); !ok || err != nil {
		return nil, err
	}
	d, err := f.deployments.Deployments(namespace).Get(owner.Name)
	if err != nil || d.UID != owner.UID {
		return nil, nil
	}
	return &controllerScale{d.UID, replicas(d.Spec.Replicas)}, nil
}

func (f *finders) statefulSet(_ context.Context, ref *metav1.OwnerReference, namespace string) (*controllerScale, error) {
	if ok, err := isKind(ref, "StatefulSet", "apps"); !ok || err != nil {
		return nil, err
	}
	ss, err := f.statefulSets.StatefulSets(namespace).Get(ref.Name)
	if err != nil || ss.UID != ref.UID {
		return nil, nil
	}
	return &controllerScale{ss.UID, replicas(ss.Spec.Replicas)}, nil
}

// scaleSubresource asks the scale subresource of any other kind of controller.
func (f *finders) scaleSubresource(ctx context.Context, ref *metav1.OwnerReference, namespace string) (*controllerScale, error) {
	gv, err := schema.ParseGroupVersion(ref.APIVersion)
	if err != nil {
		return nil, err
	}
	mapping, err := f.mapper.RESTMapping(schema.GroupKind{Group: gv.Group, Kind: ref.Kind}, gv.Version)
	if err != nil {
		return nil, err
	}
	gr := mapping.Resource.GroupResource()
	s, err := f.scales.Scales(namespace).Get(ctx, gr, ref.Name, metav1.GetOptions{})
	if apierrors.IsNotFound(err) {
		// Not found is either a missing controller or a resource without the subresource.
		hasScale, err := f.implementsScale(mapping.Resource)
		if err != nil {
			return nil, err
		}
		if !hasScale {
			return nil, fmt.Errorf("%s does not implement the scale subresource", gr)
		}
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if s.UID != ref.UID {
		return nil, nil
	}
	return &controllerScale{s.UID, s.Spec.Replicas}, nil
}

func (f *finders) implementsScale(gvr schema.GroupVersionResource) (bool, error) {
	list, err := f.discovery.ServerResourcesForGroupVersion(gvr.GroupVersion().String())
	if err != nil {
		return false, err
	}
	for _, r := range list.APIResources {
		if r.Name == gvr.Resource+"/scale" && r.Kind == "Scale" &&
			slices.Contains(scale.NewScaleConverter().ScaleVersions(), schema.GroupVersion{Group: r.Group, Version: r.Version}) {
			return true, nil
		}
	}
	return false, nil
}

// replicas is a workload's spec.replicas, which defaulting sets, or its default of one.
func replicas(r *int32) int32 {
	if r == nil {
		return 1
	}
	return *r
}
