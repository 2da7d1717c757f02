package nodelifecycle

import (
	"context"
	"encoding/json"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/kubernetes"
)

// betaLabels maps the stable os and arch labels to the beta ones older clients still select on.
var betaLabels = map[string]string{
	corev1.LabelOSStable:   "beta.kubernetes.io/os",
	corev1.LabelArchStable: "beta.kubernetes.io/arch",
}

// betaLabelUpdates returns the beta labels node lacks or has with a value other than the stable
// label's.
func betaLabelUpdates(node *corev1.Node) map[string]string {
	updates := map[string]string{}
	for stable, beta := range betaLabels {
		value, ok := node.Labels[stable]
		if !ok {
			continue
		}
		if current, ok := node.Labels[beta]; !ok || current != value {
			updates[beta] = value
		}
	}
	return updates
}

// reconcileLabels keeps node's beta os and arch labels equal to the stable ones.
func reconcileLabels(ctx context.Context, client kubernetes.Interface, node *corev1.Node) error {
	updates := betaLabelUpdates(node)
	if len(updates) == 0 {
		return nil
	}
	patch, err := json.Marshal(map[string]any{"metadata": map[string]any{"labels": updates}})
	if err != nil {
		return err
	}
	_, err = client.CoreV1().Nodes().Patch(ctx, node.Name, types.StrategicMergePatchType, patch, metav1.PatchOptions{})
	return err
}
