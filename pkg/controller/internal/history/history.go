// Package history keeps the ControllerRevisions through which the StatefulSet and DaemonSet
// controllers record the pod templates they rolled out, as kube-controller-manager's history
// package does: revisions named by a hash of their data and the owner's collision count, created,
// listed in order and truncated, so that `kubectl rollout history|undo` read them client-side.
package history

import (
	"bytes"
	"context"
	"fmt"
	"hash/fnv"
	"sort"
	"strconv"

	appsv1 "k8s.io/api/apps/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/rand"
	"k8s.io/client-go/kubernetes"
)

// HashLabel is the label of a revision that holds its hash, upstream's ControllerRevisionHashLabel.
const HashLabel = "controller.kubernetes.io/hash"

// maxPrefix keeps a revision's name, prefix, dash and a ten-digit hash, within the 253 characters
// of a DNS subdomain.
const maxPrefix = 223

// Hash returns the hash of revision's raw data mixed with collisionCount, which owners raise to get a
// new name when two different revisions hash alike.
func Hash(revision *appsv1.ControllerRevision, collisionCount *int32) string {
	h := fnv.New32()
	h.Write(revision.Data.Raw)
	if collisionCount != nil {
		h.Write([]byte(strconv.FormatInt(int64(*collisionCount), 10)))
	}
	return rand.SafeEncodeString(fmt.Sprint(h.Sum32()))
}

// Name returns the name of the revision of hash for an owner called prefix.
func Name(prefix, hash string) string {
	if len(prefix) > maxPrefix {
		prefix = prefix[:maxPrefix]
	}
	return prefix + "-" + hash
}

// New returns a revision of data for parent, labelled with templateLabels and its hash, and owned
// by parent as its controller.
func New(parent metav1.Object, kind schema.GroupVersionKind, templateLabels map[string]string, data runtime.RawExtension, revision int64, collisionCount *int32) *appsv1.ControllerRevision {
	labels := make(map[string]string, len(templateLabels)+1)
	for k, v := range templateLabels {
		labels[k] = v
	}
	cr := &appsv1.ControllerRevision{
		ObjectMeta: metav1.ObjectMeta{
			Labels:          labels,
			Namespace:       parent.GetNamespace(),
			OwnerReferences: []metav1.OwnerReference{*metav1.NewControllerRef(parent, kind)},
		},
		Data:     data,
		Revision: revision,
	}
	hash := Hash(cr, collisionCount)
	cr.Name = Name(parent.GetName(), hash)
	cr.Labels[HashLabel] = hash
	return cr
}

// Equal tells whether two revisions hold the same data; differing hash labels settle it quickly.
func Equal(a, b *appsv1.ControllerRevision) bool {
	if a == nil || b == nil {
		return a == b
	}
	ha, oka := a.Labels[HashLabel]
	hb, okb := b.Labels[HashLabel]
	if oka && okb && ha != hb {
		return false
	}
	return bytes.Equal(a.Data.Raw, b.Data.Raw)
}

// FindEqual returns the revisions among revisions that hold the same data as needle.
func FindEqual(revisions []*appsv1.ControllerRevision, needle *appsv1.ControllerRevision) []*appsv1.ControllerRevision {
	var equal []*appsv1.ControllerRevision
	for _, r := range revisions {
		if Equal(r, needle) {
			equal = append(equal, r)
		}
	}
	return equal
}

// Sort orders revisions oldest first: by revision number, then creation time, then name.
func Sort(revisions []*appsv1.ControllerRevision) {
	sort.SliceStable(revisions, func(i, j int) bool {
		a, b := revisions[i], revisions[j]
		if a.Revision != b.Revision {
			return a.Revision < b.Revision
		}
		if !a.CreationTimestamp.Equal(&b.CreationTimestamp) {
			return a.CreationTimestamp.Before(&b.CreationTimestamp)
		}
		return a.Name < b.Name
	})
}

// Next returns the number of the revision after sorted revisions: one more than the last, or 1.
func Next(sorted []*appsv1.ControllerRevision) int64 {
	if len(sorted) == 0 {
		return 1
	}
	return sorted[len(sorted)-1].Revision + 1
}

// Client writes the revisions of owners through the API.
type Client struct {
	Client kubernetes.Interface
}

// Create creates revision for parent. When another revision already has its name, an equal one is
// returned instead, and a different one raises *collisionCount, which the caller keeps in its
// status, and retries under the new name.
func (c Client) Create(ctx context.Context, parent metav1.Object, revision *appsv1.ControllerRevision, collisionCount *int32) (*appsv1.ControllerRevision, error) {
	if collisionCount == nil {
		return nil, fmt.Errorf("collisionCount should not be nil")
	}
	for {
		clone := revision.DeepCopy()
		hash := Hash(clone, collisionCount)
		clone.Name = Name(parent.GetName(), hash)
		if clone.Labels == nil {
			clone.Labels = map[string]string{}
		}
		clone.Labels[HashLabel] = hash
		created, err := c.Client.AppsV1().ControllerRevisions(parent.GetNamespace()).Create(ctx, clone, metav1.CreateOptions{})
		if !apierrors.IsAlreadyExists(err) {
			return created, err
		}
		existing, err := c.Client.AppsV1().ControllerRevisions(parent.GetNamespace()).Get(ctx, clone.Name, metav1.GetOptions{})
		if err != nil {
			return nil, err
		}
		if Equal(existing, clone) && metav1.IsControlledBy(existing, parent) {
			return existing, nil
		}
		*collisionCount++
	}
}

// Renumber gives revision the number newRevision, as when an old template is rolled out again.
func (c Client) Renumber(ctx context.Context, revision *appsv1.ControllerRevision, newRevision int64) (*appsv1.ControllerRevision, error) {
	if revision.Revision == newRevision {
		return revision, nil
	}
	clone := revision.DeepCopy()
	clone.Revision = newRevision
	return c.Client.AppsV1().ControllerRevisions(clone.Namespace).Update(ctx, clone, metav1.UpdateOptions{})
}

// Delete deletes revision; one already gone is not an error.
func (c Client) Delete(ctx context.Context, revision *appsv1.ControllerRevision) error {
	err := c.Client.AppsV1().ControllerRevisions(revision.Namespace).Delete(ctx, revision.Name, metav1.DeleteOptions{})
	if apierrors.IsNotFound(err) {
		return nil
	}
	return err
}

// Truncate deletes the oldest of sorted revisions that are not live, until at most limit of those
// remain; live tells the revisions still in use, such as those of current pods.
func (c Client) Truncate(ctx context.Context, sorted []*appsv1.ControllerRevision, live func(*appsv1.ControllerRevision) bool, limit int) error {
	var old []*appsv1.ControllerRevision
	for _, r := range sorted {
		if !live(r) {
			old = append(old, r)
		}
	}
	for i := 0; i < len(old)-limit; i++ {
		if err := c.Delete(ctx, old[i]); err != nil {
			return err
		}
	}
	return nil
}
