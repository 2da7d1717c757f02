package storage

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"time"

	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	policyv1beta1 "k8s.io/api/policy/v1beta1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	apimeta "k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/wait"
	genericregistry "k8s.io/apiserver/pkg/registry/generic/registry"
	"k8s.io/apiserver/pkg/registry/rest"
	policyclient "k8s.io/client-go/kubernetes/typed/policy/v1"
	"k8s.io/client-go/util/retry"

	"github.com/kapi-dev/kapi/pkg/registry/core/pod"
	"github.com/kapi-dev/kapi/pkg/registry/statusrest"
)

// maxDisruptedPods bounds status.disruptedPods of a budget: past it, so many evictions await the
// disruption controller's confirmation that further ones are refused until it catches up.
const maxDisruptedPods = 2000

// evictionRetry is how often an eviction retries after a conflict with another writer of the pod or
// of the budget.
var evictionRetry = wait.Backoff{Steps: 20, Duration: 500 * time.Millisecond, Factor: 1.0, Jitter: 0.1}

// EvictionREST serves pods/eviction: it deletes a pod unless that would take a PodDisruptionBudget
// covering it below what the budget allows.
//
// It reaches budgets through a policy/v1 client (in kapi, the loopback one), as kube-apiserver
// does, rather than through the budgets' store: the core group's storage is then built without the
// policy group's, and the budget's status updates go through the policy group's own strategy,
// admission and watch like any other client's.
type EvictionREST struct {
	store *genericregistry.Store
	pdbs  policyclient.PodDisruptionBudgetsGetter
}

var (
	_ rest.NamedCreater             = &EvictionREST{}
	_ rest.GroupVersionKindProvider = &EvictionREST{}
	_ rest.GroupVersionAcceptor     = &EvictionREST{}
)

// NewEvictionREST returns pods/eviction over the pods in store, checking the budgets that pdbs lists.
func NewEvictionREST(store *genericregistry.Store, pdbs policyclient.PodDisruptionBudgetsGetter) *EvictionREST {
	// The DisruptionTarget condition is written through the status strategy, which leaves the spec alone.
	return &EvictionREST{store: statusrest.StoreFor(store, pod.StatusStrategy), pdbs: pdbs}
}

// GroupVersionKind is policy/v1 Eviction, whatever the version of the pods it evicts.
func (r *EvictionREST) GroupVersionKind(schema.GroupVersion) schema.GroupVersionKind {
	return policyv1.SchemeGroupVersion.WithKind("Eviction")
}

// AcceptsGroupVersion accepts policy/v1beta1 Eviction bodies besides policy/v1 ones, for older clients.
func (r *EvictionREST) AcceptsGroupVersion(gv schema.GroupVersion) bool {
	return gv == policyv1.SchemeGroupVersion || gv == policyv1beta1.SchemeGroupVersion
}

// NamespaceScoped is true: an eviction names a pod in the request's namespace.
func (r *EvictionREST) NamespaceScoped() bool { return true }

// New returns an empty eviction.
func (r *EvictionREST) New() runtime.Object { return &policyv1.Eviction{} }

// Destroy does nothing: the pods resource owns the storage.
func (r *EvictionREST) Destroy() {}

// Create evicts the pod the eviction names and answers with a Success status, or with a 429 when a
// budget forbids it.
func (r *EvictionREST) Create(ctx context.Context, name string, obj runtime.Object, createValidation rest.ValidateObjectFunc, options *metav1.CreateOptions) (runtime.Object, error) {
	eviction, ok := obj.(*policyv1.Eviction)
	if !ok {
		return nil, apierrors.NewBadRequest(fmt.Sprintf("not a Eviction object: %T", obj))
	}
	if name != eviction.Name {
		return nil, apierrors.NewBadRequest("name in URL does not match name in Eviction object")
	}
	deleteOptions, err := propagateDryRun(eviction, options)
	if err != nil {
		return nil, err
	}
	if createValidation != nil {
		if err := createValidation(ctx, eviction.DeepCopyObject()); err != nil {
			return nil, err
		}
	}

	// A pod that is not running, or already going, disrupts nothing more by being deleted: no budget
	// applies to it.
	var p *corev1.Pod
	deleted := false
	shouldRetry := apierrors.IsConflict
	if !resourceVersionUnset(deleteOptions) {
		// The caller's own precondition failing is an answer, not a race to retry.
		shouldRetry = func(error) bool { return false }
	}
	err = retry.OnError(evictionRetry, shouldRetry, func() error {
		if p, err = r.getPod(ctx, name); err != nil {
			return err
		}
		if !budgetIgnorable(p) {
			return nil
		}
		opts := deleteOptions
		// Pin the version just read so that a pod turning Running and Ready meanwhile is not
		// deleted past its budget; terminal and deleting pods cannot turn back.
		if enforcesResourceVersion(p) && resourceVersionUnset(deleteOptions) {
			opts = withResourceVersion(opts, p.ResourceVersion)
		}
		if err := r.markAndDelete(ctx, name, opts); err != nil {
			return err
		}
		deleted = true
		return nil
	})
	if err != nil {
		return nil, err
	}
	if deleted {
		return &metav1.Status{Status: metav1.StatusSuccess}, nil
	}

	pdbs, err := r.budgetsOf(ctx, p)
	if err != nil {
		return nil, err
	}
	if len(pdbs) > 1 {
		return &metav1.Status{
			Status:  metav1.StatusFailure,
			Message: "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.",
			Code:    500,
		}, nil
	}
	pinVersion := false
	var pdbName string
	if len(pdbs) == 1 {
		pdb := &pdbs[0]
		pdbName = pdb.Name
		if pinVersion, err = r.takeDisruption(ctx, p, pdb, isDryRun(deleteOptions)); err != nil {
			return nil, err
		}
	}

	opts := deleteOptions
	if pinVersion {
		opts = withResourceVersion(opts, p.ResourceVersion)
	}
	if err := r.markAndDelete(ctx, name, opts); err != nil {
		// The unready pod was let go on the condition that it stays unready; if it changed, the
		// client is asked to come back rather than told of a conflict it did not cause.
		if apierrors.IsConflict(err) && pinVersion && resourceVersionUnset(deleteOptions) {
			return nil, tooManyRequests(pdbName)
		}
		return nil, err
	}
	return &metav1.Status{Status: metav1.StatusSuccess}, nil
}

// takeDisruption takes one disruption from the pod's budget. An unready pod is let go without
// taking one when the budget's policy allows it; then pinVersion is true, and the deletion must
// find the pod as it was read.
func (r *EvictionREST) takeDisruption(ctx context.Context, p *corev1.Pod, pdb *policyv1.PodDisruptionBudget, dryRun bool) (pinVersion bool, err error) {
	if !pod.IsReady(p.Status) {
		// An unready pod does not count as healthy, so deleting it disrupts nothing the budget
		// guards: always under AlwaysAllow, and under IfHealthyBudget (the default) while the
		// guarded application has all the healthy pods it wants.
		if pdb.Spec.UnhealthyPodEvictionPolicy != nil && *pdb.Spec.UnhealthyPodEvictionPolicy == policyv1.AlwaysAllow {
			return true, nil
		}
		if pdb.Status.CurrentHealthy >= pdb.Status.DesiredHealthy && pdb.Status.DesiredHealthy > 0 {
			return true, nil
		}
	}
	refresh := false
	err = retry.RetryOnConflict(evictionRetry, func() error {
		if refresh {
			if pdb, err = r.pdbs.PodDisruptionBudgets(p.Namespace).Get(ctx, pdb.Name, metav1.GetOptions{}); err != nil {
				return err
			}
		}
		if err := r.checkAndDecrement(ctx, p.Name, pdb.DeepCopy(), dryRun); err != nil {
			refresh = true
			return err
		}
		return nil
	})
	if wait.Interrupted(err) {
		return false, apierrors.NewTimeoutError(fmt.Sprintf("couldn't update PodDisruptionBudget %q due to conflicts", pdb.Name), 10)
	}
	return false, err
}

// checkAndDecrement records in the budget's status that podName is about to go, unless the budget
// allows no disruption now.
func (r *EvictionREST) checkAndDecrement(ctx context.Context, podName string, pdb *policyv1.PodDisruptionBudget, dryRun bool) error {
	if pdb.Status.ObservedGeneration < pdb.Generation {
		return tooManyRequests(pdb.Name)
	}
	if pdb.Status.DisruptionsAllowed < 0 {
		return apierrors.NewForbidden(policyv1.Resource("poddisruptionbudget"), pdb.Name, errors.New("pdb disruptions allowed is negative"))
	}
	if len(pdb.Status.DisruptedPods) > maxDisruptedPods {
		return apierrors.NewForbidden(policyv1.Resource("poddisruptionbudget"), pdb.Name, errors.New("DisruptedPods map too big - too many evictions not confirmed by PDB controller"))
	}
	if pdb.Status.DisruptionsAllowed == 0 {
		err := apierrors.NewTooManyRequests("Cannot evict pod as it would violate the pod's disruption budget.", 0)
		err.ErrStatus.Details.Causes = append(err.ErrStatus.Details.Causes, metav1.StatusCause{
			Type:    policyv1.DisruptionBudgetCause,
			Message: fmt.Sprintf("The disruption budget %s needs %d healthy pods and has %d currently", pdb.Name, pdb.Status.DesiredHealthy, pdb.Status.CurrentHealthy),
		})
		return err
	}
	pdb.Status.DisruptionsAllowed--
	if pdb.Status.DisruptionsAllowed == 0 {
		apimeta.SetStatusCondition(&pdb.Status.Conditions, metav1.Condition{
			Type:               policyv1.DisruptionAllowedCondition,
			Status:             metav1.ConditionFalse,
			Reason:             policyv1.InsufficientPodsReason,
			ObservedGeneration: pdb.Status.ObservedGeneration,
		})
	}
	if dryRun {
		return nil
	}
	// The disruption controller leaves a pod listed here out of the healthy count until it sees it
	// deleted, or forgets it after a timeout.
	if pdb.Status.DisruptedPods == nil {
		pdb.Status.DisruptedPods = map[string]metav1.Time{}
	}
	pdb.Status.DisruptedPods[podName] = metav1.Now()
	_, err := r.pdbs.PodDisruptionBudgets(pdb.Namespace).UpdateStatus(ctx, pdb, metav1.UpdateOptions{})
	return err
}

// budgetsOf returns the budgets whose selectors pick the pod. A budget with an empty or invalid
// selector picks nothing.
func (r *EvictionREST) budgetsOf(ctx context.Context, p *corev1.Pod) ([]policyv1.PodDisruptionBudget, error) {
	list, err := r.pdbs.PodDisruptionBudgets(p.Namespace).List(ctx, metav1.ListOptions{})
	if err != nil {
		return nil, err
	}
	var pdbs []policyv1.PodDisruptionBudget
	for _, pdb := range list.Items {
		selector, err := metav1.LabelSelectorAsSelector(pdb.Spec.Selector)
		if err != nil || selector.Empty() || !selector.Matches(labels.Set(p.Labels)) {
			continue
		}
		pdbs = append(pdbs, pdb)
	}
	return pdbs, nil
}

func (r *EvictionREST) getPod(ctx context.Context, name string) (*corev1.Pod, error) {
	obj, err := r.store.Get(ctx, name, &metav1.GetOptions{})
	if err != nil {
		return nil, err
	}
	return obj.(*corev1.Pod), nil
}

// markAndDelete sets the pod's DisruptionTarget condition, so that its controller can tell why it
// went, then deletes it with options. A dry run only deletes, in dry run.
func (r *EvictionREST) markAndDelete(ctx context.Context, name string, options *metav1.DeleteOptions) error {
	if !isDryRun(options) {
		// Start from the stored pod rather than a copy read earlier, so that the condition never
		// conflicts; the caller's preconditions are checked against it by hand.
		latest := func(_ context.Context, _, old runtime.Object) (runtime.Object, error) {
			p := old.(*corev1.Pod).DeepCopy()
			if err := checkPreconditions(p, options.Preconditions); err != nil {
				return nil, err
			}
			return p, nil
		}
		markDisrupted := func(_ context.Context, obj, _ runtime.Object) (runtime.Object, error) {
			p := obj.(*corev1.Pod)
			setCondition(&p.Status, corev1.PodCondition{
				Type:    corev1.DisruptionTarget,
				Status:  corev1.ConditionTrue,
				Reason:  "EvictionByEvictionAPI",
				Message: "Eviction API: evicting",
			})
			return p, nil
		}
		updated, _, err := r.store.Update(ctx, name, rest.DefaultUpdatedObjectInfo(nil, latest, markDisrupted), rest.ValidateAllObjectFunc, rest.ValidateAllObjectUpdateFunc, false, &metav1.UpdateOptions{})
		if err != nil {
			return err
		}
		if !resourceVersionUnset(options) {
			// The condition write moved the version the caller pinned; pin the new one.
			options = withResourceVersion(options, updated.(*corev1.Pod).ResourceVersion)
		}
	}
	_, _, err := r.store.Delete(ctx, name, rest.ValidateAllObjectFunc, options)
	return err
}

func checkPreconditions(p *corev1.Pod, pre *metav1.Preconditions) error {
	if pre == nil {
		return nil
	}
	resource := schema.GroupResource{Resource: "Pod"}
	if uid := pre.UID; uid != nil && *uid != "" && *uid != p.UID {
		return apierrors.NewConflict(resource, p.Name, fmt.Errorf("the UID in the precondition (%s) does not match the UID in record (%s). The object might have been deleted and then recreated", *uid, p.UID))
	}
	if rv := pre.ResourceVersion; rv != nil && *rv != "" && *rv != p.ResourceVersion {
		return apierrors.NewConflict(resource, p.Name, fmt.Errorf("the ResourceVersion in the precondition (%s) does not match the ResourceVersion in record (%s). The object might have been modified", *rv, p.ResourceVersion))
	}
	return nil
}

// setCondition adds or replaces the condition of its type, keeping the transition time when the
// status does not change.
func setCondition(status *corev1.PodStatus, c corev1.PodCondition) {
	c.LastTransitionTime = metav1.Now()
	for i, old := range status.Conditions {
		if old.Type != c.Type {
			continue
		}
		if old.Status == c.Status {
			c.LastTransitionTime = old.LastTransitionTime
		}
		status.Conditions[i] = c
		return
	}
	status.Conditions = append(status.Conditions, c)
}

// propagateDryRun merges the dry-run of the request into the eviction's delete options; the two may
// not disagree.
func propagateDryRun(eviction *policyv1.Eviction, options *metav1.CreateOptions) (*metav1.DeleteOptions, error) {
	if eviction.DeleteOptions == nil {
		return &metav1.DeleteOptions{DryRun: options.DryRun}, nil
	}
	switch {
	case len(eviction.DeleteOptions.DryRun) == 0:
		eviction.DeleteOptions.DryRun = options.DryRun
	case len(options.DryRun) != 0 && !reflect.DeepEqual(options.DryRun, eviction.DeleteOptions.DryRun):
		return nil, fmt.Errorf("Non-matching dry-run options in request and content: %v and %v", options.DryRun, eviction.DeleteOptions.DryRun)
	}
	return eviction.DeleteOptions, nil
}

func isDryRun(options *metav1.DeleteOptions) bool { return len(options.DryRun) > 0 }

// budgetIgnorable says whether the pod is past disrupting anything (finished or being deleted) or
// not yet running anything a budget guards (pending).
func budgetIgnorable(p *corev1.Pod) bool {
	switch p.Status.Phase {
	case corev1.PodSucceeded, corev1.PodFailed, corev1.PodPending:
		return true
	}
	return p.DeletionTimestamp != nil
}

// enforcesResourceVersion is false for pods that can no longer become ready.
func enforcesResourceVersion(p *corev1.Pod) bool {
	switch p.Status.Phase {
	case corev1.PodSucceeded, corev1.PodFailed:
		return false
	}
	return p.DeletionTimestamp == nil
}

func resourceVersionUnset(options *metav1.DeleteOptions) bool {
	return options.Preconditions == nil || options.Preconditions.ResourceVersion == nil
}

// withResourceVersion returns a copy of options that deletes only the given version.
func withResourceVersion(options *metav1.DeleteOptions, rv string) *metav1.DeleteOptions {
	options = options.DeepCopy()
	if options.Preconditions == nil {
		options.Preconditions = &metav1.Preconditions{}
	}
	options.Preconditions.ResourceVersion = &rv
	return options
}

// tooManyRequests asks the client to retry in a while: the budget has not caught up with a change.
func tooManyRequests(pdbName string) error {
	err := apierrors.NewTooManyRequests("Cannot evict pod as it would violate the pod's disruption budget.", 10)
	err.ErrStatus.Details.Causes = append(err.ErrStatus.Details.Causes, metav1.StatusCause{
		Type:    policyv1.DisruptionBudgetCause,
		Message: fmt.Sprintf("The disruption budget %s is still being processed by the server.", pdbName),
	})
	return err
}
