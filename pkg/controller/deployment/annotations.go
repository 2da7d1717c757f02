package deployment

import (
	"strconv"
	"strings"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/klog/v2"
)

// The annotations a Deployment and its ReplicaSets carry, as kube-controller-manager's.
const (
	// RevisionAnnotation numbers a Deployment's rollouts: on a ReplicaSet the revision of its
	// template, on the Deployment the revision of its newest ReplicaSet.
	RevisionAnnotation = "deployment.kubernetes.io/revision"
	// RevisionHistoryAnnotation lists the earlier revisions of a ReplicaSet that a rollback made
	// new again.
	RevisionHistoryAnnotation = "deployment.kubernetes.io/revision-history"
	// DesiredReplicasAnnotation and MaxReplicasAnnotation are the Deployment's replicas, and the
	// most it may run with its surge, when a ReplicaSet was last scaled; proportional scaling reads
	// them.
	DesiredReplicasAnnotation = "deployment.kubernetes.io/desired-replicas"
	MaxReplicasAnnotation     = "deployment.kubernetes.io/max-replicas"
	// rollbackToAnnotation is the rollback request of the extensions/v1beta1 API, never copied.
	rollbackToAnnotation = "deprecated.deployment.rollback.to"
)

// maxRevisionHistoryChars bounds RevisionHistoryAnnotation.
const maxRevisionHistoryChars = 2000

// notCopied are the Deployment annotations its ReplicaSets do not inherit.
var notCopied = map[string]bool{
	corev1.LastAppliedConfigAnnotation: true,
	RevisionAnnotation:                 true,
	RevisionHistoryAnnotation:          true,
	DesiredReplicasAnnotation:          true,
	MaxReplicasAnnotation:              true,
	rollbackToAnnotation:               true,
}

// revision is rs's RevisionAnnotation, 0 when absent.
func revision(rs *appsv1.ReplicaSet) (int64, error) {
	v, ok := rs.Annotations[RevisionAnnotation]
	if !ok {
		return 0, nil
	}
	return strconv.ParseInt(v, 10, 64)
}

// maxRevision is the highest revision of rss.
func maxRevision(rss []*appsv1.ReplicaSet) int64 {
	var highest int64
	for _, rs := range rss {
		if v, err := revision(rs); err == nil {
			highest = max(highest, v)
		}
	}
	return highest
}

// copyAnnotations copies d's annotations to rs, but those that are the controller's own, and
// tells whether rs changed.
func copyAnnotations(d *appsv1.Deployment, rs *appsv1.ReplicaSet) bool {
	changed := false
	if rs.Annotations == nil {
		rs.Annotations = map[string]string{}
	}
	for k, v := range d.Annotations {
		if cur, ok := rs.Annotations[k]; notCopied[k] || (ok && cur == v) {
			continue
		}
		rs.Annotations[k] = v
		changed = true
	}
	return changed
}

// setNewReplicaSetAnnotations brings the annotations of d's new ReplicaSet up to date: d's own,
// the revision newRevision unless rs has a higher one, the revisions rs had before a rollback, and
// for a ReplicaSet about to be created the replica annotations. It tells whether rs changed.
func setNewReplicaSetAnnotations(d *appsv1.Deployment, rs *appsv1.ReplicaSet, newRevision int64, exists bool) bool {
	changed := copyAnnotations(d, rs)
	old, had := rs.Annotations[RevisionAnnotation]
	oldRevision := int64(0)
	if had {
		v, err := strconv.ParseInt(old, 10, 64)
		if err != nil {
			klog.InfoS("Updating replica set revision OldRevision not int", "err", err)
			return false
		}
		oldRevision = v
	}
	if oldRevision < newRevision {
		rs.Annotations[RevisionAnnotation] = strconv.FormatInt(newRevision, 10)
		changed = true
		if had {
			appendRevisionHistory(rs, old)
		}
	}
	if !exists && setReplicasAnnotations(rs, *d.Spec.Replicas, *d.Spec.Replicas+maxSurge(d)) {
		changed = true
	}
	return changed
}

// appendRevisionHistory records old in rs's revision history, dropping the oldest entries to
// stay within maxRevisionHistoryChars.
func appendRevisionHistory(rs *appsv1.ReplicaSet, old string) {
	history := rs.Annotations[RevisionHistoryAnnotation]
	if history == "" {
		rs.Annotations[RevisionHistoryAnnotation] = old
		return
	}
	revisions := strings.Split(history, ",")
	total := len(history) + len(old) + 1
	start := 0
	for total > maxRevisionHistoryChars && start < len(revisions) {
		total -= len(revisions[start]) + 1
		start++
	}
	if total > maxRevisionHistoryChars {
		klog.InfoS("Not appending revision due to revision history length limit reached", "revisionHistoryLimit", maxRevisionHistoryChars)
		return
	}
	rs.Annotations[RevisionHistoryAnnotation] = strings.Join(append(revisions[start:], old), ",")
}

// setReplicasAnnotations sets rs's DesiredReplicasAnnotation and MaxReplicasAnnotation and tells
// whether they changed.
func setReplicasAnnotations(rs *appsv1.ReplicaSet, desired, most int32) bool {
	if !replicasAnnotationsNeedUpdate(rs, desired, most) {
		return false
	}
	if rs.Annotations == nil {
		rs.Annotations = map[string]string{}
	}
	rs.Annotations[DesiredReplicasAnnotation] = strconv.Itoa(int(desired))
	rs.Annotations[MaxReplicasAnnotation] = strconv.Itoa(int(most))
	return true
}

func replicasAnnotationsNeedUpdate(rs *appsv1.ReplicaSet, desired, most int32) bool {
	return rs.Annotations[DesiredReplicasAnnotation] != strconv.Itoa(int(desired)) ||
		rs.Annotations[MaxReplicasAnnotation] != strconv.Itoa(int(most))
}

// int32Annotation reads an int32 annotation of rs.
func int32Annotation(rs *appsv1.ReplicaSet, key string) (int32, bool) {
	v, ok := rs.Annotations[key]
	if !ok {
		return 0, false
	}
	n, err := strconv.ParseInt(v, 10, 32)
	if err != nil {
		klog.V(2).InfoS("Cannot convert the value to integer", "annotationValue", v, "err", err)
		return 0, false
	}
	return int32(n), true
}

// setDeploymentRevision sets d's RevisionAnnotation and tells whether it changed.
func setDeploymentRevision(d *appsv1.Deployment, revision string) bool {
	if d.Annotations[RevisionAnnotation] == revision {
		return false
	}
	if d.Annotations == nil {
		d.Annotations = map[string]string{}
	}
	d.Annotations[RevisionAnnotation] = revision
	return true
}
