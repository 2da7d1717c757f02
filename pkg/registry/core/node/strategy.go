package node

import (
	"context"
	"strconv"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/apiserver/pkg/registry/generic"

	"github.com/kapi-dev/kapi/pkg/apis/core/validation"
	"github.com/kapi-dev/kapi/pkg/registry/basestrategy"
)

type nodeStrategy struct {
	basestrategy.Base
	basestrategy.KeepsStatus
}

// Strategy is the create, update and delete behaviour of nodes.
var Strategy = nodeStrategy{Base: basestrategy.ClusterScoped}

// PrepareForCreate drops the fields of the removed dynamic kubelet configuration feature. Unlike
// most resources the status is kept: a kubelet registers its node with status filled in.
func (nodeStrategy) PrepareForCreate(ctx context.Context, obj runtime.Object) {
	node := obj.(*corev1.Node)
	node.Spec.ConfigSource = nil
	node.Status.Config = nil
}

// PrepareForUpdate keeps the status, and lets spec.configSource stay only on nodes that already
// had it.
func (nodeStrategy) PrepareForUpdate(ctx context.Context, obj, old runtime.Object) {
	node, oldNode := obj.(*corev1.Node), old.(*corev1.Node)
	node.Status = oldNode.Status
	if oldNode.Spec.ConfigSource == nil {
		node.Spec.ConfigSource = nil
	}
}

// Validate checks a new node.
func (nodeStrategy) Validate(ctx context.Context, obj runtime.Object) field.ErrorList {
	return validation.ValidateNode(obj.(*corev1.Node))
}

// WarningsOnCreate warns about deprecated fields.
func (nodeStrategy) WarningsOnCreate(ctx context.Context, obj runtime.Object) []string {
	return deprecatedFieldWarnings(obj.(*corev1.Node))
}

// ValidateUpdate checks an update of a node: the node as a whole, then the change.
func (nodeStrategy) ValidateUpdate(ctx context.Context, obj, old runtime.Object) field.ErrorList {
	node, oldNode := obj.(*corev1.Node), old.(*corev1.Node)
	return append(validation.ValidateNode(node), validation.ValidateNodeUpdate(node, oldNode)...)
}

// WarningsOnUpdate warns about deprecated fields.
func (nodeStrategy) WarningsOnUpdate(ctx context.Context, obj, old runtime.Object) []string {
	return deprecatedFieldWarnings(obj.(*corev1.Node))
}

func deprecatedFieldWarnings(node *corev1.Node) []string {
	var warnings []string
	if node.Spec.ConfigSource != nil {
		warnings = append(warnings, "spec.configSource: the feature is removed")
	}
	if node.Spec.DoNotUseExternalID != "" {
		warnings = append(warnings, "spec.externalID: this field is deprecated, and is unused by Kubernetes")
	}
	return warnings
}

type nodeStatusStrategy struct {
	nodeStrategy
	basestrategy.KeepsSpec
}

// StatusStrategy is the update behaviour of nodes/status.
var StatusStrategy = nodeStatusStrategy{nodeStrategy: Strategy}

// PrepareForUpdate keeps the spec, and lets status.config stay only on nodes that already had it.
func (nodeStatusStrategy) PrepareForUpdate(ctx context.Context, obj, old runtime.Object) {
	node, oldNode := obj.(*corev1.Node), old.(*corev1.Node)
	node.Spec = oldNode.Spec
	if oldNode.Status.Config == nil {
		node.Status.Config = nil
	}
}

// ValidateUpdate checks a status update; unlike a main-resource update it does not re-validate
// the whole node.
func (nodeStatusStrategy) ValidateUpdate(ctx context.Context, obj, old runtime.Object) field.ErrorList {
	return validation.ValidateNodeUpdate(obj.(*corev1.Node), old.(*corev1.Node))
}

// WarningsOnUpdate returns no warnings.
func (nodeStatusStrategy) WarningsOnUpdate(ctx context.Context, obj, old runtime.Object) []string {
	return nil
}

// GetAttrs returns the labels and the selectable fields of a node.
var GetAttrs = basestrategy.Attrs("a node", SelectableFields)

// SelectableFields returns the fields a field selector may match on a node.
func SelectableFields(node *corev1.Node) fields.Set {
	return generic.AddObjectMetaFieldsSet(fields.Set{
		"spec.unschedulable": strconv.FormatBool(node.Spec.Unschedulable),
	}, &node.ObjectMeta, false)
}
