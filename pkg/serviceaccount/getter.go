package serviceaccount

import (
	"context"
	"encoding/json"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/kubernetes"
)

// Getter reads the objects a token names, so that a token stops authenticating once its service
// account or bound object is deleted or recreated.
type Getter interface {
	GetServiceAccount(ctx context.Context, namespace, name string) (*corev1.ServiceAccount, error)
	GetPod(ctx context.Context, namespace, name string) (*corev1.Pod, error)
	GetSecret(ctx context.Context, namespace, name string) (*corev1.Secret, error)
	GetNode(ctx context.Context, name string) (*corev1.Node, error)
}

// ClientGetter reads the objects live through a client, typically the server's loopback client: a
// deleted service account is refused by the next request, with no cache to lag behind.
type ClientGetter struct {
	Client kubernetes.Interface
}

var (
	_ Getter        = ClientGetter{}
	_ SecretLabeler = ClientGetter{}
)

// GetServiceAccount reads a service account.
func (g ClientGetter) GetServiceAccount(ctx context.Context, namespace, name string) (*corev1.ServiceAccount, error) {
	return g.Client.CoreV1().ServiceAccounts(namespace).Get(ctx, name, metav1.GetOptions{})
}

// GetPod reads a pod.
func (g ClientGetter) GetPod(ctx context.Context, namespace, name string) (*corev1.Pod, error) {
	return g.Client.CoreV1().Pods(namespace).Get(ctx, name, metav1.GetOptions{})
}

// GetSecret reads a secret.
func (g ClientGetter) GetSecret(ctx context.Context, namespace, name string) (*corev1.Secret, error) {
	return g.Client.CoreV1().Secrets(namespace).Get(ctx, name, metav1.GetOptions{})
}

// GetNode reads a node.
func (g ClientGetter) GetNode(ctx context.Context, name string) (*corev1.Node, error) {
	return g.Client.CoreV1().Nodes().Get(ctx, name, metav1.GetOptions{})
}

// LabelSecret sets one label on a secret with a merge patch that names the secret's UID, so that a
// secret recreated under the same name since it was read is left alone.
func (g ClientGetter) LabelSecret(ctx context.Context, secret *corev1.Secret, key, value string) error {
	patch, err := json.Marshal(map[string]any{"metadata": map[string]any{
		"uid":    secret.UID,
		"labels": map[string]string{key: value},
	}})
	if err != nil {
		return err
	}
	_, err = g.Client.CoreV1().Secrets(secret.Namespace).Patch(ctx, secret.Name, types.MergePatchType, patch, metav1.PatchOptions{})
	return err
}
