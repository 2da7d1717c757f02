// Package bootstrapsigner signs the kubeconfig of the kube-public/cluster-info ConfigMap with every
// bootstrap token marked for signing, so that a joining node holding a token can trust what it reads
// there, as kube-controller-manager's bootstrap-signer-controller does.
package bootstrapsigner

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"maps"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	coreinformers "k8s.io/client-go/informers/core/v1"
	"k8s.io/client-go/kubernetes"
	corelisters "k8s.io/client-go/listers/core/v1"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/util/workqueue"
	"k8s.io/klog/v2"

	"github.com/kapi-dev/kapi/pkg/auth/bootstraptoken"
	"github.com/kapi-dev/kapi/pkg/controller/internal/worker"
)

const (
	// Name is the controller's name in logs and in the queue's metrics.
	Name = "bootstrap_signer"
	// ConfigMapName is the ConfigMap in kube-public that is signed.
	ConfigMapName = "cluster-info"
	// KubeconfigKey holds the kubeconfig that is signed.
	KubeconfigKey = "kubeconfig"
	// SignaturePrefix prefixes the token id in the key of each signature.
	SignaturePrefix = "jws-kubeconfig-"
)

// Signer keeps one detached JWS of the cluster-info kubeconfig per signing token, and none for
// other tokens.
type Signer struct {
	client     kubernetes.Interface
	configMaps corelisters.ConfigMapLister
	secrets    corelisters.SecretLister
	synced     []cache.InformerSynced
	queue      workqueue.TypedRateLimitingInterface[string]
	now        func() time.Time
}

// New returns a signer that reads from the informers and writes cluster-info through client.
func New(client kubernetes.Interface, configMaps coreinformers.ConfigMapInformer, secrets coreinformers.SecretInformer) (*Signer, error) {
	s := &Signer{
		client:     client,
		configMaps: configMaps.Lister(),
		secrets:    secrets.Lister(),
		synced:     []cache.InformerSynced{configMaps.Informer().HasSynced, secrets.Informer().HasSynced},
		queue: workqueue.NewTypedRateLimitingQueueWithConfig(workqueue.DefaultTypedControllerRateLimiter[string](),
			workqueue.TypedRateLimitingQueueConfig[string]{Name: Name}),
		now: time.Now,
	}
	// Every change of interest leads to the one ConfigMap, signed again as a whole.
	resync := func(any) { s.queue.Add(metav1.NamespacePublic + "/" + ConfigMapName) }
	onConfigMap := func(obj any) {
		if cm, ok := worker.Unwrap[*corev1.ConfigMap](obj); ok && cm.Namespace == metav1.NamespacePublic && cm.Name == ConfigMapName {
			resync(obj)
		}
	}
	onSecret := func(obj any) {
		if secret, ok := worker.Unwrap[*corev1.Secret](obj); ok && bootstraptoken.IsTokenSecret(secret) {
			resync(obj)
		}
	}
	if _, err := configMaps.Informer().AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc: onConfigMap, UpdateFunc: func(_, obj any) { onConfigMap(obj) },
	}); err != nil {
		return nil, err
	}
	if _, err := secrets.Informer().AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc: onSecret, UpdateFunc: func(_, obj any) { onSecret(obj) }, DeleteFunc: onSecret,
	}); err != nil {
		return nil, err
	}
	return s, nil
}

// Run works with one worker until ctx ends.
func (s *Signer) Run(ctx context.Context) {
	worker.Loop{Name: Name, Queue: s.queue, Sync: s.sync}.Run(ctx, 1, s.synced...)
}

// sync signs cluster-info with the signing tokens of now, dropping the signatures of the others.
func (s *Signer) sync(ctx context.Context, key string) error {
	cm, err := s.configMaps.ConfigMaps(metav1.NamespacePublic).Get(ConfigMapName)
	if apierrors.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return err
	}
	content, ok := cm.Data[KubeconfigKey]
	if !ok {
		klog.V(3).InfoS("No kubeconfig to sign", "configmap", klog.KObj(cm), "key", KubeconfigKey)
		return nil
	}
	want := map[string]string{}
	for k, v := range cm.Data {
		if !strings.HasPrefix(k, SignaturePrefix) {
			want[k] = v
		}
	}
	tokens, err := s.signingTokens()
	if err != nil {
		return err
	}
	for id, secret := range tokens {
		want[SignaturePrefix+id] = DetachedSignature(content, id, secret)
	}
	if maps.Equal(want, cm.Data) {
		return nil
	}
	cm = cm.DeepCopy()
	cm.Data = want
	_, err = s.client.CoreV1().ConfigMaps(metav1.NamespacePublic).Update(ctx, cm, metav1.UpdateOptions{})
	return err
}

// signingTokens are the id and secret of every token that may sign now; an expiring one brings the
// ConfigMap back to the queue when it expires.
func (s *Signer) signingTokens() (map[string]string, error) {
	secrets, err := s.secrets.Secrets(metav1.NamespaceSystem).List(labels.Everything())
	if err != nil {
		return nil, err
	}
	now := s.now()
	tokens := map[string]string{}
	for _, secret := range secrets {
		id, tokenSecret, ok := bootstraptoken.SigningToken(secret, now)
		if !ok {
			continue
		}
		tokens[id] = tokenSecret
		if left, expires := bootstraptoken.TimeLeft(secret, now); expires {
			s.queue.AddAfter(metav1.NamespacePublic+"/"+ConfigMapName, left)
		}
	}
	return tokens, nil
}

// DetachedSignature is the compact JWS of content, HS256 with the token's secret as key and its id
// as "kid", without the payload ("header..signature"): the form kubeadm checks when it joins. It is
// computed here because JOSE libraries now refuse HMAC keys shorter than the hash, and a token
// secret is 16 bytes.
func DetachedSignature(content, id, secret string) string {
	header := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"HS256","kid":"` + id + `"}`))
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(header + "." + base64.RawURLEncoding.EncodeToString([]byte(content))))
	return header + ".." + base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
}
