package validation

import (
	"fmt"
	"strings"

	corev1 "k8s.io/api/core/v1"
	metav1validation "k8s.io/apimachinery/pkg/apis/meta/v1/validation"
	"k8s.io/apimachinery/pkg/util/sets"
	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"
	netutils "k8s.io/utils/net"
)

// ValidateNode validates a Node on create. Status fields are optional but
// checked when present.
func ValidateNode(node *corev1.Node) field.ErrorList {
	metaPath := field.NewPath("metadata")
	allErrs := validateObjectMeta(&node.ObjectMeta, false, validateNodeName, metaPath)
	allErrs = append(allErrs, validateNodeSpecificAnnotations(node.Annotations, metaPath.Child("annotations"))...)
	if len(node.Spec.Taints) > 0 {
		// Upstream reports spec taints under metadata.
		allErrs = append(allErrs, validateNodeTaints(node.Spec.Taints, metaPath.Child("taints"))...)
	}
	allErrs = append(allErrs, validateNodeResources(node)...)

	podCIDRs := effectivePodCIDRs(&node.Spec)
	if len(podCIDRs) > 0 {
		podCIDRsPath := field.NewPath("spec", "podCIDRs")
		for i, value := range podCIDRs {
			allErrs = append(allErrs, validation.IsValidCIDR(podCIDRsPath.Index(i), value)...)
		}
		if len(podCIDRs) > 1 {
			dualStack, err := netutils.IsDualStackCIDRStrings(podCIDRs)
			if err != nil {
				allErrs = append(allErrs, field.InternalError(podCIDRsPath, fmt.Errorf("invalid PodCIDRs. failed to check with dual stack with error:%v", err)))
			}
			if !dualStack || len(podCIDRs) > 2 {
				allErrs = append(allErrs, field.Invalid(podCIDRsPath, podCIDRs, "may specify no more than one CIDR for each IP family"))
			}
			seen := sets.Set[string]{}
			for i, value := range podCIDRs {
				if seen.Has(value) {
					allErrs = append(allErrs, field.Duplicate(podCIDRsPath.Index(i), value))
				}
				seen.Insert(value)
			}
		}
	}
	return allErrs
}

// ValidateNodeUpdate validates an update of a Node. podCIDRs and providerID
// may only be filled in once; the rest of the spec may change.
func ValidateNodeUpdate(newNode, oldNode *corev1.Node) field.ErrorList {
	metaPath := field.NewPath("metadata")
	allErrs := validateObjectMetaUpdate(&newNode.ObjectMeta, &oldNode.ObjectMeta, metaPath)
	allErrs = append(allErrs, validateNodeSpecificAnnotations(newNode.Annotations, metaPath.Child("annotations"))...)
	allErrs = append(allErrs, validateNodeResources(newNode)...)

	addresses := make(map[corev1.NodeAddress]bool)
	for i, address := range newNode.Status.Addresses {
		if addresses[address] {
			allErrs = append(allErrs, field.Duplicate(field.NewPath("status", "addresses").Index(i), internalShape{address}))
		}
		addresses[address] = true
	}

	const podCIDRMsg = "node updates may not change podCIDR except from \"\" to valid"
	oldCIDRs, newCIDRs := effectivePodCIDRs(&oldNode.Spec), effectivePodCIDRs(&newNode.Spec)
	if len(oldCIDRs) > 0 {
		if len(oldCIDRs) != len(newCIDRs) {
			allErrs = append(allErrs, field.Forbidden(field.NewPath("spec", "podCIDRs"), podCIDRMsg))
		} else {
			for i, value := range oldCIDRs {
				if value != newCIDRs[i] {
					allErrs = append(allErrs, field.Forbidden(field.NewPath("spec", "podCIDRs"), podCIDRMsg))
				}
			}
		}
	}
	if len(oldNode.Spec.ProviderID) > 0 && oldNode.Spec.ProviderID != newNode.Spec.ProviderID {
		allErrs = append(allErrs, field.Forbidden(field.NewPath("spec", "providerID"), "node updates may not change providerID except from \"\" to valid"))
	}
	if newNode.Spec.ConfigSource != nil {
		allErrs = append(allErrs, validateNodeConfigSource(newNode.Spec.ConfigSource, false, field.NewPath("spec", "configSource"))...)
	}
	if config := newNode.Status.Config; config != nil {
		configPath := field.NewPath("status", "config")
		if config.Assigned != nil {
			allErrs = append(allErrs, validateNodeConfigSource(config.Assigned, true, configPath.Child("assigned"))...)
		}
		if config.Active != nil {
			allErrs = append(allErrs, validateNodeConfigSource(config.Active, true, configPath.Child("active"))...)
		}
		if config.LastKnownGood != nil {
			allErrs = append(allErrs, validateNodeConfigSource(config.LastKnownGood, true, configPath.Child("lastKnownGood"))...)
		}
	}
	if len(newNode.Spec.Taints) > 0 {
		allErrs = append(allErrs, validateNodeTaints(newNode.Spec.Taints, metaPath.Child("taints"))...)
	}
	if newNode.Spec.DoNotUseExternalID != oldNode.Spec.DoNotUseExternalID {
		allErrs = append(allErrs, field.Forbidden(field.NewPath("spec", "externalID"), "may not be updated"))
	}
	return allErrs
}

// effectivePodCIDRs is the list upstream validates: a podCIDR that
// disagrees with podCIDRs wins, as it does when v1 is converted.
func effectivePodCIDRs(spec *corev1.NodeSpec) []string {
	if len(spec.PodCIDR) > 0 && (len(spec.PodCIDRs) == 0 || spec.PodCIDR != spec.PodCIDRs[0]) {
		return []string{spec.PodCIDR}
	}
	return spec.PodCIDRs
}

// validateNodeResources reports capacity and allocatable entries with the
// resource name as a path segment, as upstream does.
func validateNodeResources(node *corev1.Node) field.ErrorList {
	var allErrs field.ErrorList
	for k, v := range node.Status.Capacity {
		allErrs = append(allErrs, validateResourceQuantityValue(k, v, field.NewPath("status", "capacity", string(k)))...)
	}
	for k, v := range node.Status.Allocatable {
		allErrs = append(allErrs, validateResourceQuantityValue(k, v, field.NewPath("status", "allocatable", string(k)))...)
	}
	return allErrs
}

// validateNodeTaints requires each taint to be unique by key and effect.
func validateNodeTaints(taints []corev1.Taint, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	unique := map[corev1.TaintEffect]sets.Set[string]{}
	for i, taint := range taints {
		idxPath := fldPath.Index(i)
		allErrs = append(allErrs, metav1validation.ValidateLabelName(taint.Key, idxPath.Child("key"))...)
		if errs := validation.IsValidLabelValue(taint.Value); len(errs) != 0 {
			allErrs = append(allErrs, field.Invalid(idxPath.Child("value"), taint.Value, strings.Join(errs, ";")))
		}
		allErrs = append(allErrs, validateTaintEffect(taint.Effect, false, idxPath.Child("effect"))...)
		if unique[taint.Effect].Has(taint.Key) {
			dup := field.Duplicate(idxPath, internalShape{taint})
			dup.Detail = "taints must be unique by key and effect pair"
			allErrs = append(allErrs, dup)
			continue
		}
		if unique[taint.Effect] == nil {
			unique[taint.Effect] = sets.Set[string]{}
		}
		unique[taint.Effect].Insert(taint.Key)
	}
	return allErrs
}

// validateNodeConfigSource checks the deprecated dynamic kubelet config
// reference, whose uid and resourceVersion belong in status only.
func validateNodeConfigSource(source *corev1.NodeConfigSource, inStatus bool, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	count := 0
	if cm := source.ConfigMap; cm != nil {
		count++
		cmPath := fldPath.Child("configMap")
		if inStatus {
			if string(cm.UID) == "" {
				allErrs = append(allErrs, field.Required(cmPath.Child("uid"), "uid must be set in status"))
			}
			if cm.ResourceVersion == "" {
				allErrs = append(allErrs, field.Required(cmPath.Child("resourceVersion"), "resourceVersion must be set in status"))
			}
		} else {
			if string(cm.UID) != "" {
				allErrs = append(allErrs, field.Forbidden(cmPath.Child("uid"), "uid must not be set in spec"))
			}
			if cm.ResourceVersion != "" {
				allErrs = append(allErrs, field.Forbidden(cmPath.Child("resourceVersion"), "resourceVersion must not be set in spec"))
			}
		}
		if cm.Namespace == "" {
			allErrs = append(allErrs, field.Required(cmPath.Child("namespace"), "namespace must be set"))
		} else {
			allErrs = append(allErrs, validateNameWith(validateNamespaceName, cm.Namespace, cmPath.Child("namespace"))...)
		}
		if cm.Name == "" {
			allErrs = append(allErrs, field.Required(cmPath.Child("name"), "name must be set"))
		} else {
			allErrs = append(allErrs, validateNameWith(validateConfigMapName, cm.Name, cmPath.Child("name"))...)
		}
		if cm.KubeletConfigKey == "" {
			allErrs = append(allErrs, field.Required(cmPath.Child("kubeletConfigKey"), "kubeletConfigKey must be set"))
		} else {
			for _, msg := range validation.IsConfigMapKey(cm.KubeletConfigKey) {
				allErrs = append(allErrs, field.Invalid(cmPath.Child("kubeletConfigKey"), cm.KubeletConfigKey, msg))
			}
		}
	}
	if count != 1 {
		allErrs = append(allErrs, field.Invalid(fldPath, internalShape{source}, "exactly one reference subfield must be non-nil"))
	}
	return allErrs
}
