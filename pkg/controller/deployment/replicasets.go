package deployment

import (
	"math"
	"sort"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	apiequality "k8s.io/apimachinery/pkg/api/equality"
	"k8s.io/apimachinery/pkg/util/intstr"
)

// equalIgnoreHash tells whether two templates are the same but for their pod-template-hash label.
func equalIgnoreHash(a, b *corev1.PodTemplateSpec) bool {
	a, b = a.DeepCopy(), b.DeepCopy()
	delete(a.Labels, appsv1.DefaultDeploymentUniqueLabelKey)
	delete(b.Labels, appsv1.DefaultDeploymentUniqueLabelKey)
	return apiequality.Semantic.DeepEqual(a, b)
}

// byCreation orders ReplicaSets oldest first, then by name.
func byCreation(rss []*appsv1.ReplicaSet) func(i, j int) bool {
	return func(i, j int) bool {
		if rss[i].CreationTimestamp.Equal(&rss[j].CreationTimestamp) {
			return rss[i].Name < rss[j].Name
		}
		return rss[i].CreationTimestamp.Before(&rss[j].CreationTimestamp)
	}
}

// byRevision orders ReplicaSets by revision, oldest first, falling back to their creation.
func byRevision(rss []*appsv1.ReplicaSet) func(i, j int) bool {
	created := byCreation(rss)
	return func(i, j int) bool {
		ri, erri := revision(rss[i])
		rj, errj := revision(rss[j])
		if erri != nil || errj != nil || ri == rj {
			return created(i, j)
		}
		return ri < rj
	}
}

// bySize orders ReplicaSets largest first; among equal sizes the newer first when newer, else
// the older first.
func bySize(rss []*appsv1.ReplicaSet, newer bool) func(i, j int) bool {
	created := byCreation(rss)
	return func(i, j int) bool {
		if *rss[i].Spec.Replicas == *rss[j].Spec.Replicas {
			if newer {
				return created(j, i)
			}
			return created(i, j)
		}
		return *rss[i].Spec.Replicas > *rss[j].Spec.Replicas
	}
}

// findNewReplicaSet returns the oldest ReplicaSet whose template is d's, or nil.
func findNewReplicaSet(d *appsv1.Deployment, rss []*appsv1.ReplicaSet) *appsv1.ReplicaSet {
	sort.SliceStable(rss, byCreation(rss))
	for _, rs := range rss {
		if equalIgnoreHash(&rs.Spec.Template, &d.Spec.Template) {
			return rs
		}
	}
	return nil
}

// oldReplicaSets returns the ReplicaSets of rss other than d's new one.
func oldReplicaSets(d *appsv1.Deployment, rss []*appsv1.ReplicaSet) []*appsv1.ReplicaSet {
	newRS := findNewReplicaSet(d, rss)
	var old []*appsv1.ReplicaSet
	for _, rs := range rss {
		if newRS == nil || rs.UID != newRS.UID {
			old = append(old, rs)
		}
	}
	return old
}

// active returns the ReplicaSets of rss that want pods, leaving out nils.
func active(rss []*appsv1.ReplicaSet) []*appsv1.ReplicaSet {
	var kept []*appsv1.ReplicaSet
	for _, rs := range rss {
		if rs != nil && *rs.Spec.Replicas > 0 {
			kept = append(kept, rs)
		}
	}
	return kept
}

// sum adds up count over the ReplicaSets of rss, leaving out nils.
func sum(rss []*appsv1.ReplicaSet, count func(*appsv1.ReplicaSet) int32) int32 {
	var total int32
	for _, rs := range rss {
		if rs != nil {
			total += count(rs)
		}
	}
	return total
}

func specReplicas(rs *appsv1.ReplicaSet) int32      { return *rs.Spec.Replicas }
func statusReplicas(rs *appsv1.ReplicaSet) int32    { return rs.Status.Replicas }
func readyReplicas(rs *appsv1.ReplicaSet) int32     { return rs.Status.ReadyReplicas }
func availableReplicas(rs *appsv1.ReplicaSet) int32 { return rs.Status.AvailableReplicas }

// terminatingReplicas adds up the ReplicaSets' terminating pods, nil when one does not count them.
func terminatingReplicas(rss []*appsv1.ReplicaSet) *int32 {
	var total int32
	for _, rs := range rss {
		switch {
		case rs == nil:
		case rs.Status.TerminatingReplicas == nil:
			return nil
		default:
			total += *rs.Status.TerminatingReplicas
		}
	}
	return &total
}

func isRollingUpdate(d *appsv1.Deployment) bool {
	return d.Spec.Strategy.Type == appsv1.RollingUpdateDeploymentStrategyType
}

// fenceposts resolves maxSurge (rounded up) and maxUnavailable (rounded down) against desired;
// when both come to zero, one pod may be unavailable, since a surge may be refused by quota.
func fenceposts(surge, unavailable *intstr.IntOrString, desired int32) (int32, int32, error) {
	s, err := intstr.GetScaledValueFromIntOrPercent(intstr.ValueOrDefault(surge, intstr.FromInt32(0)), int(desired), true)
	if err != nil {
		return 0, 0, err
	}
	u, err := intstr.GetScaledValueFromIntOrPercent(intstr.ValueOrDefault(unavailable, intstr.FromInt32(0)), int(desired), false)
	if err != nil {
		return 0, 0, err
	}
	if s == 0 && u == 0 {
		u = 1
	}
	return int32(s), int32(u), nil
}

// maxSurge is how many pods above replicas a rolling update may run.
func maxSurge(d *appsv1.Deployment) int32 {
	if !isRollingUpdate(d) || d.Spec.Strategy.RollingUpdate == nil {
		return 0
	}
	s, _, _ := fenceposts(d.Spec.Strategy.RollingUpdate.MaxSurge, d.Spec.Strategy.RollingUpdate.MaxUnavailable, *d.Spec.Replicas)
	return s
}

// maxUnavailable is how many of replicas a rolling update may have unavailable.
func maxUnavailable(d *appsv1.Deployment) int32 {
	if !isRollingUpdate(d) || d.Spec.Strategy.RollingUpdate == nil || *d.Spec.Replicas == 0 {
		return 0
	}
	_, u, _ := fenceposts(d.Spec.Strategy.RollingUpdate.MaxSurge, d.Spec.Strategy.RollingUpdate.MaxUnavailable, *d.Spec.Replicas)
	return min(u, *d.Spec.Replicas)
}

// newReplicas is how many replicas d's new ReplicaSet may have now: with a rolling update as many
// as the surge leaves room for, up to replicas; with Recreate all.
func newReplicas(d *appsv1.Deployment, all []*appsv1.ReplicaSet, newRS *appsv1.ReplicaSet) (int32, error) {
	if !isRollingUpdate(d) {
		return *d.Spec.Replicas, nil
	}
	s, err := intstr.GetScaledValueFromIntOrPercent(d.Spec.Strategy.RollingUpdate.MaxSurge, int(*d.Spec.Replicas), true)
	if err != nil {
		return 0, err
	}
	current := sum(all, specReplicas)
	most := *d.Spec.Replicas + int32(s)
	if current >= most {
		return *newRS.Spec.Replicas, nil
	}
	return *newRS.Spec.Replicas + min(most-current, *d.Spec.Replicas-*newRS.Spec.Replicas), nil
}

// isSaturated tells whether newRS runs all of d's replicas, all available.
func isSaturated(d *appsv1.Deployment, newRS *appsv1.ReplicaSet) bool {
	if newRS == nil {
		return false
	}
	desired, ok := int32Annotation(newRS, DesiredReplicasAnnotation)
	return ok && *newRS.Spec.Replicas == *d.Spec.Replicas && desired == *d.Spec.Replicas &&
		newRS.Status.AvailableReplicas == *d.Spec.Replicas
}

// activeOrLatest returns the one ReplicaSet that wants pods, or the newest when none does; nil
// when several do.
func activeOrLatest(newRS *appsv1.ReplicaSet, old []*appsv1.ReplicaSet) *appsv1.ReplicaSet {
	if newRS == nil && len(old) == 0 {
		return nil
	}
	created := byCreation(old)
	sort.SliceStable(old, func(i, j int) bool { return created(j, i) })
	all := active(append(old, newRS))
	switch len(all) {
	case 0:
		if newRS != nil {
			return newRS
		}
		return old[0]
	case 1:
		return all[0]
	}
	return nil
}

// proportion is the share of toAdd (replicas to add, or remove when negative) that rs gets when a
// Deployment is scaled amid a rollout, in proportion to its size at the last scale, within what
// is left of toAdd after added.
func proportion(rs *appsv1.ReplicaSet, d *appsv1.Deployment, toAdd, added int32) int32 {
	if rs == nil || *rs.Spec.Replicas == 0 || toAdd == 0 || toAdd == added {
		return 0
	}
	fraction := fraction(rs, d)
	allowed := toAdd - added
	if toAdd > 0 {
		return min(fraction, allowed)
	}
	return max(fraction, allowed)
}

func fraction(rs *appsv1.ReplicaSet, d *appsv1.Deployment) int32 {
	if *d.Spec.Replicas == 0 {
		return -*rs.Spec.Replicas
	}
	most := *d.Spec.Replicas + maxSurge(d)
	before, ok := int32Annotation(rs, MaxReplicasAnnotation)
	if !ok {
		// Without the annotation the Deployment's current size stands in.
		before = d.Status.Replicas
	}
	size := float64(*rs.Spec.Replicas*most) / float64(before)
	return int32(math.Round(size)) - *rs.Spec.Replicas
}
