package pod

import (
	"context"
	"fmt"
	"strconv"

	corev1 "k8s.io/api/core/v1"
	apiequality "k8s.io/apimachinery/pkg/api/equality"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime"
	utilvalidation "k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/apiserver/pkg/registry/generic"
	"k8s.io/apiserver/pkg/storage"
	"k8s.io/client-go/tools/cache"
	"sigs.k8s.io/structured-merge-diff/v6/fieldpath"

	"github.com/kapi-dev/kapi/pkg/apis/core/qos"
	"github.com/kapi-dev/kapi/pkg/apis/core/validation"
	"github.com/kapi-dev/kapi/pkg/registry/basestrategy"
)

// schedulingGatedMessage is the message of the PodScheduled condition a pod created with scheduling
// gates starts with.
const schedulingGatedMessage = "Scheduling is blocked due to non-empty scheduling gates"

type podStrategy struct {
	basestrategy.Base
	basestrategy.KeepsStatus
}

// Strategy is the create, update and delete behaviour of pods.
var Strategy = podStrategy{Base: basestrategy.Namespaced}

// PrepareForCreate starts a pod at generation 1 with a Pending status that only carries its QoS
// class, then applies the create-time mutations kube-apiserver makes to the spec.
func (podStrategy) PrepareForCreate(ctx context.Context, obj runtime.Object) {
	pod := obj.(*corev1.Pod)
	pod.Generation = 1
	// Upstream reads the QoS class through a helper that prefers an already-set status.qosClass, so a
	// class sent by the client survives the status reset.
	pod.Status = corev1.PodStatus{Phase: corev1.PodPending, QOSClass: qos.PodQOS(pod)}
	if len(pod.Spec.SchedulingGates) > 0 {
		setPodCondition(&pod.Status, corev1.PodCondition{
			Type:    corev1.PodScheduled,
			Status:  corev1.ConditionFalse,
			Reason:  corev1.PodReasonSchedulingGated,
			Message: schedulingGatedMessage,
		})
	}
	mergeAffinityLabelKeys(pod)
	mergeTopologySpreadLabelKeys(pod)
	applyAppArmorVersionSkew(ctx, pod)
}

// PrepareForUpdate keeps the status, which only pods/status writes, and bumps metadata.generation
// when the spec changes.
func (podStrategy) PrepareForUpdate(ctx context.Context, obj, old runtime.Object) {
	newPod, oldPod := obj.(*corev1.Pod), old.(*corev1.Pod)
	newPod.Status = oldPod.Status
	bumpGenerationOnSpecChange(newPod, oldPod)
}

// bumpGenerationOnSpecChange increments metadata.generation, which the generic store has already
// reset to the stored value, when the spec differs from the stored one.
func bumpGenerationOnSpecChange(newPod, oldPod *corev1.Pod) {
	if !apiequality.Semantic.DeepEqual(newPod.Spec, oldPod.Spec) {
		newPod.Generation++
	}
}

// Validate checks a new pod.
func (podStrategy) Validate(ctx context.Context, obj runtime.Object) field.ErrorList {
	return validation.ValidatePodCreate(obj.(*corev1.Pod))
}

// WarningsOnCreate warns about pod names that are not DNS labels, because the name becomes the
// pod's hostname.
func (podStrategy) WarningsOnCreate(ctx context.Context, obj runtime.Object) []string {
	pod := obj.(*corev1.Pod)
	if msgs := utilvalidation.IsDNS1123Label(pod.Name); len(msgs) != 0 {
		return []string{fmt.Sprintf("metadata.name: this is used in the Pod's hostname, which can result in surprising behavior; a DNS label is recommended: %v", msgs)}
	}
	return nil
}

// ValidateUpdate checks an update of a pod.
func (podStrategy) ValidateUpdate(ctx context.Context, obj, old runtime.Object) field.ErrorList {
	return validation.ValidatePodUpdate(obj.(*corev1.Pod), old.(*corev1.Pod))
}

// CheckGracefulDelete sets the grace period of a pod deletion: the requested one, else the pod's
// spec.terminationGracePeriodSeconds, else 0. Pods that never reached a node or have already
// finished have no kubelet to wait for and go at once; a negative period becomes 1 second.
func (podStrategy) CheckGracefulDelete(ctx context.Context, obj runtime.Object, options *metav1.DeleteOptions) bool {
	if options == nil {
		return false
	}
	pod := obj.(*corev1.Pod)
	var period int64
	switch {
	case options.GracePeriodSeconds != nil:
		period = *options.GracePeriodSeconds
	case pod.Spec.TerminationGracePeriodSeconds != nil:
		period = *pod.Spec.TerminationGracePeriodSeconds
	}
	if pod.Spec.NodeName == "" || pod.Status.Phase == corev1.PodFailed || pod.Status.Phase == corev1.PodSucceeded {
		period = 0
	}
	if period < 0 {
		period = 1
	}
	options.GracePeriodSeconds = &period
	return true
}

type podStatusStrategy struct {
	podStrategy
}

// StatusStrategy is the update behaviour of pods/status.
var StatusStrategy = podStatusStrategy{Strategy}

// GetResetFields lists the fields a status write leaves alone.
func (podStatusStrategy) GetResetFields() map[fieldpath.APIVersion]*fieldpath.Set {
	return map[fieldpath.APIVersion]*fieldpath.Set{
		"v1": fieldpath.NewSet(
			fieldpath.MakePathOrDie("spec"),
			fieldpath.MakePathOrDie("metadata", "deletionTimestamp"),
			fieldpath.MakePathOrDie("metadata", "ownerReferences"),
		),
	}
}

// PrepareForUpdate keeps the spec and the owner references, which old kubelets used to corrupt
// through this endpoint; it also keeps the QoS class and observedGeneration values a client left
// empty, since older kubelets drop them.
func (podStatusStrategy) PrepareForUpdate(ctx context.Context, obj, old runtime.Object) {
	newPod, oldPod := obj.(*corev1.Pod), old.(*corev1.Pod)
	reconcileStatusIPs(&newPod.Status)
	newPod.Spec = oldPod.Spec
	newPod.DeletionTimestamp = nil
	newPod.OwnerReferences = oldPod.OwnerReferences
	if newPod.Status.QOSClass == "" {
		newPod.Status.QOSClass = oldPod.Status.QOSClass
	}
	preserveObservedGenerations(&newPod.Status, &oldPod.Status)
}

// reconcileStatusIPs makes status.podIP/podIPs and status.hostIP/hostIPs agree the way
// kube-apiserver's v1-to-internal round trip does: the singular field wins when both are set and
// differ, and afterwards it is always the first entry of the list.
func reconcileStatusIPs(status *corev1.PodStatus) {
	if status.PodIP != "" && (len(status.PodIPs) == 0 || status.PodIPs[0].IP != status.PodIP) {
		status.PodIPs = []corev1.PodIP{{IP: status.PodIP}}
	}
	if len(status.PodIPs) > 0 {
		status.PodIP = status.PodIPs[0].IP
	}
	if status.HostIP != "" && (len(status.HostIPs) == 0 || status.HostIPs[0].IP != status.HostIP) {
		status.HostIPs = []corev1.HostIP{{IP: status.HostIP}}
	}
	if len(status.HostIPs) > 0 {
		status.HostIP = status.HostIPs[0].IP
	}
}

// preserveObservedGenerations keeps the stored status.observedGeneration and the conditions'
// observedGeneration where the new status leaves them at 0. Conditions are matched by type, in
// order, because validation allows several conditions of one type.
func preserveObservedGenerations(newStatus, oldStatus *corev1.PodStatus) {
	if newStatus.ObservedGeneration == 0 {
		newStatus.ObservedGeneration = oldStatus.ObservedGeneration
	}
	oldGenerations := map[corev1.PodConditionType][]int64{}
	for _, c := range oldStatus.Conditions {
		oldGenerations[c.Type] = append(oldGenerations[c.Type], c.ObservedGeneration)
	}
	for i := range newStatus.Conditions {
		c := &newStatus.Conditions[i]
		var oldGeneration int64
		if gens := oldGenerations[c.Type]; len(gens) > 0 {
			oldGeneration = gens[0]
			oldGenerations[c.Type] = gens[1:]
		}
		if c.ObservedGeneration == 0 {
			c.ObservedGeneration = oldGeneration
		}
	}
}

// ValidateUpdate checks a status update.
func (podStatusStrategy) ValidateUpdate(ctx context.Context, obj, old runtime.Object) field.ErrorList {
	return validation.ValidatePodStatusUpdate(obj.(*corev1.Pod), old.(*corev1.Pod))
}

// WarningsOnUpdate warns about pod and host IPs written in a non-canonical form.
func (podStatusStrategy) WarningsOnUpdate(ctx context.Context, obj, old runtime.Object) []string {
	pod := obj.(*corev1.Pod)
	var warnings []string
	for i, ip := range pod.Status.PodIPs {
		warnings = append(warnings, utilvalidation.GetWarningsForIP(field.NewPath("status", "podIPs").Index(i).Child("ip"), ip.IP)...)
	}
	for i, ip := range pod.Status.HostIPs {
		warnings = append(warnings, utilvalidation.GetWarningsForIP(field.NewPath("status", "hostIPs").Index(i).Child("ip"), ip.IP)...)
	}
	return warnings
}

// GetAttrs returns the labels and the selectable fields of a pod.
var GetAttrs = basestrategy.Attrs("a pod", SelectableFields)

// SelectableFields returns the fields a field selector may match on a pod. status.podIPs is an
// accepted selector label upstream but, as there, is not in this set, so it only matches "".
func SelectableFields(pod *corev1.Pod) fields.Set {
	podFields := fields.Set{
		"spec.nodeName":            pod.Spec.NodeName,
		"spec.restartPolicy":       string(pod.Spec.RestartPolicy),
		"spec.schedulerName":       pod.Spec.SchedulerName,
		"spec.serviceAccountName":  pod.Spec.ServiceAccountName,
		"spec.hostNetwork":         strconv.FormatBool(pod.Spec.HostNetwork),
		"status.phase":             string(pod.Status.Phase),
		"status.podIP":             primaryPodIP(&pod.Status),
		"status.nominatedNodeName": pod.Status.NominatedNodeName,
	}
	return generic.AddObjectMetaFieldsSet(podFields, &pod.ObjectMeta, true)
}

// primaryPodIP is the pod IP upstream selects on: status.podIP, or the first of status.podIPs when
// only those are stored.
func primaryPodIP(status *corev1.PodStatus) string {
	if status.PodIP == "" && len(status.PodIPs) > 0 {
		return status.PodIPs[0].IP
	}
	return status.PodIP
}

// Matcher selects pods by label and field. spec.nodeName is indexed, since every kubelet watches
// its own pods with that selector.
func Matcher(label labels.Selector, field fields.Selector) storage.SelectionPredicate {
	return storage.SelectionPredicate{
		Label:       label,
		Field:       field,
		GetAttrs:    GetAttrs,
		IndexFields: []string{"spec.nodeName"},
	}
}

// NodeNameTriggerFunc returns the spec.nodeName the watch cache dispatches pod events by.
func NodeNameTriggerFunc(obj runtime.Object) string {
	return obj.(*corev1.Pod).Spec.NodeName
}

// NodeNameIndexFunc indexes pods in the watch cache by spec.nodeName.
func NodeNameIndexFunc(obj interface{}) ([]string, error) {
	pod, ok := obj.(*corev1.Pod)
	if !ok {
		return nil, fmt.Errorf("not a pod: %T", obj)
	}
	return []string{pod.Spec.NodeName}, nil
}

// Indexers returns the watch cache indexers of pods.
func Indexers() *cache.Indexers {
	return &cache.Indexers{storage.FieldIndex("spec.nodeName"): NodeNameIndexFunc}
}
