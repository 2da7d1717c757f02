// Package clusterauthenticationtrust publishes how kapi authenticates clients in the
// kube-system/extension-apiserver-authentication ConfigMap, which extension API servers read to trust
// the client certificates and the front proxy's request headers that kapi trusts, as
// kube-apiserver's cluster authentication trust controller does.
package clusterauthenticationtrust

import (
	"context"
	"encoding/json"
	"maps"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/client-go/kubernetes"
	"k8s.io/klog/v2"
)

const (
	// ConfigMapName is the ConfigMap in kube-system that extension API servers read.
	ConfigMapName = "extension-apiserver-authentication"
	// resyncPeriod is how often the ConfigMap is checked and restored, as upstream does.
	resyncPeriod = time.Minute
)

// Trust is what the ConfigMap publishes: the CA bundle of client certificates and the front proxy's
// CA, names and headers.
type Trust struct {
	ClientCA                  []byte
	RequestHeaderCA           []byte
	RequestHeaderAllowedNames []string
	UsernameHeaders           []string
	UIDHeaders                []string
	GroupHeaders              []string
	ExtraHeaderPrefixes       []string
}

// data is the ConfigMap's data, the lists as JSON arrays as upstream writes them.
func (t Trust) data() (map[string]string, error) {
	d := map[string]string{"client-ca-file": string(t.ClientCA)}
	if len(t.RequestHeaderCA) == 0 {
		return d, nil
	}
	d["requestheader-client-ca-file"] = string(t.RequestHeaderCA)
	for key, list := range map[string][]string{
		"requestheader-allowed-names":        t.RequestHeaderAllowedNames,
		"requestheader-username-headers":     t.UsernameHeaders,
		"requestheader-uid-headers":          t.UIDHeaders,
		"requestheader-group-headers":        t.GroupHeaders,
		"requestheader-extra-headers-prefix": t.ExtraHeaderPrefixes,
	} {
		if list == nil {
			list = []string{}
		}
		b, err := json.Marshal(list)
		if err != nil {
			return nil, err
		}
		d[key] = string(b)
	}
	return d, nil
}

// Run keeps the ConfigMap holding trust until ctx ends, restoring it when it is changed or deleted.
func Run(ctx context.Context, client kubernetes.Interface, trust Trust) {
	wait.UntilWithContext(ctx, func(ctx context.Context) {
		// kube-system appears a moment after the server starts; until then, retry soon.
		_ = wait.PollUntilContextCancel(ctx, time.Second, true, func(ctx context.Context) (bool, error) {
			if err := ensure(ctx, client, trust); err != nil {
				klog.V(2).InfoS("Publishing the cluster authentication trust failed, retrying", "configmap", klog.KRef(metav1.NamespaceSystem, ConfigMapName), "err", err)
				return false, nil
			}
			return true, nil
		})
	}, resyncPeriod)
}

func ensure(ctx context.Context, client kubernetes.Interface, trust Trust) error {
	want, err := trust.data()
	if err != nil {
		return err
	}
	configMaps := client.CoreV1().ConfigMaps(metav1.NamespaceSystem)
	cm, err := configMaps.Get(ctx, ConfigMapName, metav1.GetOptions{})
	if apierrors.IsNotFound(err) {
		_, err = configMaps.Create(ctx, &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: ConfigMapName}, Data: want}, metav1.CreateOptions{})
		return err
	}
	if err != nil || maps.Equal(cm.Data, want) {
		return err
	}
	cm.Data = want
	_, err = configMaps.Update(ctx, cm, metav1.UpdateOptions{})
	return err
}
