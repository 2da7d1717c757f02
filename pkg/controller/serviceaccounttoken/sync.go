package serviceaccounttoken

import (
	"bytes"
	"context"
	"errors"
	"slices"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/types"
	apiserverserviceaccount "k8s.io/apiserver/pkg/authentication/serviceaccount"
	"k8s.io/client-go/util/retry"
	"k8s.io/klog/v2"
)

// syncAccount deletes the token Secrets of an account that no longer exists.
func (c *Controller) syncAccount(ctx context.Context, key accountKey) (bool, error) {
	sa, err := c.cachedAccount(key.namespace, key.name, key.uid)
	if err != nil || sa != nil {
		return err != nil, err
	}
	klog.FromContext(ctx).V(4).Info("Service account deleted, removing tokens", "serviceAccount", klog.KRef(key.namespace, key.name))
	gone := &corev1.ServiceAccount{ObjectMeta: metav1.ObjectMeta{Namespace: key.namespace, Name: key.name, UID: key.uid}}
	secrets, err := c.secrets.Secrets(key.namespace).List(labels.Everything())
	if err != nil {
		return false, err
	}
	var errs []error
	retryAny := false
	for _, s := range secrets {
		if !apiserverserviceaccount.IsServiceAccountToken(s, gone) {
			continue
		}
		retry, err := c.deleteSecret(ctx, s.Namespace, s.Name, s.UID)
		retryAny = retryAny || retry
		errs = append(errs, err)
	}
	return retryAny, errors.Join(errs...)
}

// syncSecret populates a token Secret, deletes it when its account does not exist, and unlinks a
// deleted one from its account.
func (c *Controller) syncSecret(ctx context.Context, key secretKey) (bool, error) {
	secret, err := c.secrets.Secrets(key.namespace).Get(key.name)
	switch {
	case apierrors.IsNotFound(err) || err == nil && secret.UID != key.uid:
		sa, err := c.cachedAccount(key.namespace, key.accountName, key.accountUID)
		if err != nil || sa == nil {
			return false, err
		}
		return false, retry.RetryOnConflict(retry.DefaultBackoff, func() error {
			return c.unlinkSecret(ctx, key)
		})
	case err != nil:
		return true, err
	}

	sa, err := c.liveAccount(ctx, key.namespace, key.accountName, key.accountUID)
	switch {
	case err != nil:
		return true, err
	case sa == nil:
		klog.FromContext(ctx).V(4).Info("Service account does not exist, deleting token", "secret", klog.KObj(secret))
		return c.deleteSecret(ctx, secret.Namespace, secret.Name, secret.UID)
	}
	return c.populate(ctx, sa, secret)
}

// missing reports which of the token, the namespace and the CA a Secret lacks.
func (c *Controller) missing(secret *corev1.Secret) (token, namespace, ca bool) {
	token = len(secret.Data[corev1.ServiceAccountTokenKey]) == 0
	namespace = len(secret.Data[corev1.ServiceAccountNamespaceKey]) == 0
	ca = len(c.rootCA) > 0 && !bytes.Equal(secret.Data[corev1.ServiceAccountRootCAKey], c.rootCA)
	return token, namespace, ca
}

// populate fills what the Secret lacks, on a fresh copy of it; a copy newer than the cache's is left
// to the event that will bring it.
func (c *Controller) populate(ctx context.Context, sa *corev1.ServiceAccount, cached *corev1.Secret) (bool, error) {
	if token, namespace, ca := c.missing(cached); !token && !namespace && !ca {
		return false, nil
	}
	secrets := c.client.CoreV1().Secrets(cached.Namespace)
	live, err := secrets.Get(ctx, cached.Name, metav1.GetOptions{})
	if err != nil {
		return !apierrors.IsNotFound(err), err
	}
	if live.ResourceVersion != cached.ResourceVersion {
		return false, nil
	}
	needsToken, needsNamespace, needsCA := c.missing(live)
	if live.Data == nil {
		live.Data = map[string][]byte{}
	}
	if live.Annotations == nil {
		live.Annotations = map[string]string{}
	}
	if needsCA {
		live.Data[corev1.ServiceAccountRootCAKey] = c.rootCA
	}
	if needsNamespace {
		live.Data[corev1.ServiceAccountNamespaceKey] = []byte(live.Namespace)
	}
	if needsToken {
		token, err := c.tokens.GenerateToken(sa, live)
		if err != nil {
			return false, err
		}
		live.Data[corev1.ServiceAccountTokenKey] = []byte(token)
	}
	live.Annotations[corev1.ServiceAccountNameKey] = sa.Name
	live.Annotations[corev1.ServiceAccountUIDKey] = string(sa.UID)
	_, err = secrets.Update(ctx, live, metav1.UpdateOptions{})
	switch {
	// Someone else changed the Secret, whose event brings it back; or it is gone, and needs no token.
	case apierrors.IsConflict(err), apierrors.IsNotFound(err):
		return false, nil
	case err != nil:
		return true, err
	}
	return false, nil
}

// deleteSecret deletes a Secret only if it is still the one with uid.
func (c *Controller) deleteSecret(ctx context.Context, namespace, name string, uid types.UID) (bool, error) {
	opts := metav1.DeleteOptions{}
	if uid != "" {
		opts.Preconditions = &metav1.Preconditions{UID: &uid}
	}
	err := c.client.CoreV1().Secrets(namespace).Delete(ctx, name, opts)
	if err == nil || apierrors.IsNotFound(err) || apierrors.IsConflict(err) {
		return false, nil
	}
	return true, err
}

// unlinkSecret removes a deleted Secret from its account's secrets list.
func (c *Controller) unlinkSecret(ctx context.Context, key secretKey) error {
	accounts := c.client.CoreV1().ServiceAccounts(key.namespace)
	sa, err := accounts.Get(ctx, key.accountName, metav1.GetOptions{})
	if apierrors.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return err
	}
	if key.accountUID != "" && key.accountUID != sa.UID {
		return nil
	}
	kept := slices.DeleteFunc(slices.Clone(sa.Secrets), func(ref corev1.ObjectReference) bool { return ref.Name == key.name })
	if len(kept) == len(sa.Secrets) {
		return nil
	}
	sa.Secrets = kept
	_, err = accounts.Update(ctx, sa, metav1.UpdateOptions{})
	if apierrors.IsNotFound(err) {
		return nil
	}
	return err
}

// cachedAccount returns the account from the cache, or nil when it is not there with uid (any UID
// when uid is empty).
func (c *Controller) cachedAccount(namespace, name string, uid types.UID) (*corev1.ServiceAccount, error) {
	sa, err := c.accounts.ServiceAccounts(namespace).Get(name)
	if apierrors.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if uid != "" && uid != sa.UID {
		return nil, nil
	}
	return sa, nil
}

// liveAccount is cachedAccount, asking the server when the cache has no match: a Secret created right
// after its account must not be deleted because the account's event is still on its way.
func (c *Controller) liveAccount(ctx context.Context, namespace, name string, uid types.UID) (*corev1.ServiceAccount, error) {
	if sa, err := c.cachedAccount(namespace, name, uid); err != nil || sa != nil {
		return sa, err
	}
	sa, err := c.client.CoreV1().ServiceAccounts(namespace).Get(ctx, name, metav1.GetOptions{})
	if apierrors.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if uid != "" && uid != sa.UID {
		return nil, nil
	}
	return sa, nil
}
